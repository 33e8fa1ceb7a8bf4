from .periods import PERIOD_MONTHS, growth, period_bounds  # noqa: F401
