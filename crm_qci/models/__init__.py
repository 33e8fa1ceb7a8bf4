from . import crm_qci_kpi
from . import crm_qci_kpi_snapshot
from . import crm_qci_target
from . import crm_qci_assessment
from . import crm_qci_daily_report
