from . import crm_idic_backtest
from . import crm_idic_backtest_line
from . import crm_idic_forecast_accuracy
from . import crm_idic_forecast_accuracy_line
from . import base_partner_merge
