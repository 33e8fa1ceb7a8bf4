from bisect import bisect_right

from pytz import utc


def work_hours_between(calendar, spans):
    """Work hours of ``calendar`` (its leaves deducted, as
    ``resource.calendar.get_work_hours_count``) between each ``(start, end)`` of
    ``spans`` (naive UTC datetimes).

    The calendar's work intervals are computed once, from the earliest start to
    the latest end, and each span reads them by bisection: no query per span.

    :return: a list of hours, in the order of ``spans``
    """
    if not spans:
        return []
    aware = [
        (start.replace(tzinfo=utc), end.replace(tzinfo=utc)) for start, end in spans
    ]
    first = min(start for start, _end in aware)
    last = max(end for _start, end in aware)
    intervals = calendar._work_intervals_batch(first, last)[False]
    starts, stops, before = [], [], [0.0]
    for start, stop, _meta in intervals:
        starts.append(start)
        stops.append(stop)
        before.append(before[-1] + (stop - start).total_seconds() / 3600)

    def worked_until(moment):
        """Work hours from ``first`` to ``moment``."""
        index = bisect_right(starts, moment) - 1
        if index < 0:
            return 0.0
        part = (min(moment, stops[index]) - starts[index]).total_seconds() / 3600
        return before[index] + max(part, 0.0)

    return [max(worked_until(end) - worked_until(start), 0.0) for start, end in aware]
