from . import test_demo_world
from . import test_partner_birthday_tour
