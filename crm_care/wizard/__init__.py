from . import crm_care_day
from . import crm_care_after_sale
from . import crm_care_contract_line_stop
from . import crm_care_contract_terminate
from . import crm_care_festive_report
from . import crm_care_festive_report_line
from . import base_partner_merge
