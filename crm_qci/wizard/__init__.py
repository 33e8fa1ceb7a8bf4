from . import crm_qci_leaderboard
from . import crm_qci_leaderboard_line
from . import crm_qci_reassign
