from . import test_backtest
from . import test_customer_tour
from . import test_demo_world
from . import test_idic_components
from . import test_partner_birthday_tour
from . import test_rfm
from . import test_public_holidays
