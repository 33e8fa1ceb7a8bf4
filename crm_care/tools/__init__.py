from .calendar import work_hours_between  # noqa: F401
