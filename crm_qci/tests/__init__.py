from . import test_partner_form
