from .calendar import work_hours_between  # noqa: F401
from .mail import AUTOMATIC_MAIL, is_automatic_mail  # noqa: F401
