from . import crm_care_day
