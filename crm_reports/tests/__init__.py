from . import test_aging
from . import test_aging_tour
from . import test_dashboard
from . import test_management
from . import test_overdue
from . import test_sales_analysis
from . import test_setup
