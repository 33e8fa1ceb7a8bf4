"""The Vietnamese lunar calendar (âm lịch), as observed in Vietnam: months begin
on the local day (UTC+7) of the new moon, the eleventh month holds the winter
solstice, and a year of thirteen months repeats the first month without a major
solar term.

Computed, not looked up: Hồ Ngọc Đức's public-domain algorithm (new moons and the
sun's longitude after Jean Meeus, *Astronomical Algorithms*), which gives the
calendar published in Vietnam. The time zone matters: the same computation at
UTC+8 gives the Chinese calendar, which put the New Year a month later in 1985
(Vietnam 21 January, China 20 February) and a day later in 2007 (17 and 18
February) — a Chinese-calendar library gives Vietnamese holidays wrong.
"""

import math
from datetime import date

VIETNAM_UTC_OFFSET = 7
SYNODIC_MONTH = 29.530588853
# Julian day number of the new moon of 1 January 1900 (the series' origin).
NEW_MOON_EPOCH = 2415021.076998695


def julian_day(day):
    """Julian day number of a ``datetime.date`` (Gregorian calendar)."""
    return day.toordinal() + 1721425


def from_julian_day(number):
    return date.fromordinal(number - 1721425)


def _new_moon(k):
    """Julian day (fractional, UTC) of the k-th new moon after 1 January 1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    sun = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    moon = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    lat = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    correction = (
        (0.1734 - 0.000393 * t) * math.sin(sun * dr)
        + 0.0021 * math.sin(2 * dr * sun)
        - 0.4068 * math.sin(moon * dr)
        + 0.0161 * math.sin(dr * 2 * moon)
        - 0.0004 * math.sin(dr * 3 * moon)
        + 0.0104 * math.sin(dr * 2 * lat)
        - 0.0051 * math.sin(dr * (sun + moon))
        - 0.0074 * math.sin(dr * (sun - moon))
        + 0.0004 * math.sin(dr * (2 * lat + sun))
        - 0.0004 * math.sin(dr * (2 * lat - sun))
        - 0.0006 * math.sin(dr * (2 * lat + moon))
        + 0.0010 * math.sin(dr * (2 * lat - moon))
        + 0.0005 * math.sin(dr * (2 * moon + sun))
    )
    if t < -11:
        delta_t = (
            0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3
        ) - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd + correction - delta_t


def _sun_longitude(jd):
    """The sun's longitude at Julian day ``jd`` (UTC), in radians [0, 2π)."""
    t = (jd - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    mean = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * anomaly)
    centre += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * anomaly)
    centre += 0.000290 * math.sin(dr * 3 * anomaly)
    longitude = (mean + centre) * dr
    return longitude - 2 * math.pi * math.floor(longitude / (2 * math.pi))


def _solar_term(day_number, offset):
    """Which of the 12 major solar terms (30° arcs) the sun is in at the start
    of the local day ``day_number``."""
    return math.floor(_sun_longitude(day_number - 0.5 - offset / 24) / math.pi * 6)


def _new_moon_day(k, offset):
    """Local day number of the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + offset / 24)


def _month_11_start(year, offset):
    """Day number the eleventh lunar month begins that holds the winter solstice
    of the Gregorian ``year``."""
    k = math.floor((julian_day(date(year, 12, 31)) - 2415021) / SYNODIC_MONTH)
    start = _new_moon_day(k, offset)
    if _solar_term(start, offset) >= 9:
        start = _new_moon_day(k - 1, offset)
    return start


def _leap_month_offset(month_11_start, offset):
    """Months after the eleventh month of a 13-month year until the leap
    month (the first month without a major solar term)."""
    k = math.floor((month_11_start - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5)
    i = 1
    term = _solar_term(_new_moon_day(k + i, offset), offset)
    while True:
        last = term
        i += 1
        term = _solar_term(_new_moon_day(k + i, offset), offset)
        if term == last or i >= 14:
            return i - 1


def _month_start(year, month, leap, offset):
    """Day number the lunar month begins, or None when the year has no such
    leap month."""
    first_year = year - 1 if month < 11 else year
    start_11 = _month_11_start(first_year, offset)
    next_11 = _month_11_start(first_year + 1, offset)
    months_after = (month - 11) % 12
    if next_11 - start_11 > 365:
        leap_after = _leap_month_offset(start_11, offset)
        if leap and month != (leap_after - 2) % 12:
            return None
        if leap or months_after >= leap_after:
            months_after += 1
    elif leap:
        return None
    k = math.floor(0.5 + (start_11 - NEW_MOON_EPOCH) / SYNODIC_MONTH)
    return _new_moon_day(k + months_after, offset)


def lunar_to_solar(year, month, day, leap=False, offset=VIETNAM_UTC_OFFSET):
    """The Gregorian date of lunar day ``day`` of month ``month`` (``leap``: of
    the repeated month) of lunar year ``year``; None when that year has no such
    leap month. ``offset``: the hours east of UTC the calendar is kept in. Day 30
    of a month of 29 days is its last day (the eve of Tết is 30 or 29 of the
    twelfth month)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"no lunar day {day} of month {month}")
    start = _month_start(year, month, leap, offset)
    if start is None:
        return None
    following = _new_moon_day(
        math.floor(0.5 + (start - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1, offset
    )
    return from_julian_day(min(start + day - 1, following - 1))
