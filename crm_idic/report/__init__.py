from . import crm_idic_backtest
