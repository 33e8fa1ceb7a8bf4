from . import crm_care_rating_report
