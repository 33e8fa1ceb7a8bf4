from . import test_assessment
from . import test_daily_report
from . import test_kpis
from . import test_reassign
from . import test_workload
from . import test_access
from . import test_assessment_measures
