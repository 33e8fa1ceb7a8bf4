from .calendar import work_hours_between  # noqa: F401
from .mail import (  # noqa: F401
    AUTOMATIC_MAIL,
    SENT_AUTOMATIC_HEADERS,
    is_automatic_mail,
)
