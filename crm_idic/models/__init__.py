from . import res_partner
from . import crm_idic_demo
