from . import test_contracts
from . import test_partner_form
from . import test_portal
from . import test_reminders
from . import test_sla
from . import test_ticket_tour
from . import test_tickets
from . import test_warranty
