from . import crm_qci_leaderboard
