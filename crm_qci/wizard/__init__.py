from . import crm_qci_leaderboard
from . import crm_qci_reassign
