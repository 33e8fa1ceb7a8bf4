from . import crm_idic_backtest
from . import crm_idic_backtest_line
