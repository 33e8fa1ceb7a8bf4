from . import crm_qci_workload
