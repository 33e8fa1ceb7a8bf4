import importlib
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import company_tz, local_today, utc_bounds, utc_start
from ..tools.display import CLOSE, notification

_logger = logging.getLogger(__name__)

# Languages the public-holiday names come in (the `holidays` package's codes).
HOLIDAY_LANGS = {"vi": "vi", "th": "th"}


def _holidays_package(env):
    """The `holidays` package (public data: Vietnam's Tết and Hùng Kings' day
    follow the lunar calendar), or a clear error when it is not installed."""
    try:
        return importlib.import_module("holidays")
    except ImportError as error:
        raise UserError(
            env._(
                "Loading public holidays needs the Python package 'holidays': "
                "install it (pip install holidays) in Odoo's environment."
            )
        ) from error


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    public_holiday_years = fields.Char(
        readonly=True,
        copy=False,
        help="Years whose public holidays were loaded as leaves of this calendar "
        "(loaded once: a holiday you delete stays deleted).",
    )
    public_holiday_country_id = fields.Many2one(
        "res.country",
        "Public holidays of",
        readonly=True,
        copy=False,
        help="The country whose public holidays the loaded years are: when the "
        "company's country changes, its holidays are loaded again and the former "
        "country's days to come are removed.",
    )

    def action_load_public_holidays(self):
        """This year's and next year's public holidays of the company's country."""
        year = fields.Date.context_today(self).year
        for calendar in self:
            calendar._load_public_holidays([year, year + 1], force=True)
        return notification(self.env._("Public holidays loaded."), then=CLOSE)

    def _load_public_holidays(self, years, force=False):
        """Create a global leave per public holiday of ``years`` in the country of
        the calendar's company, from local midnight to local midnight. A year
        already loaded is skipped unless ``force`` (then only missing days are
        added).

        :return: the leaves created
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        country = company.country_id
        if not country:
            raise UserError(
                self.env._(
                    "Set the country of %(company)s to load its public holidays.",
                    company=company.name,
                )
            )
        loaded = self._public_holiday_years_of(country, company)
        years = sorted(set(years) if force else set(years) - loaded)
        if not years:
            return self.env["resource.calendar.leaves"]
        package = _holidays_package(self.env)
        # Named in the company's language: the scheduled action runs in English.
        lang_code = company.partner_id.lang or self.env.lang or ""
        lang = HOLIDAY_LANGS.get(lang_code[:2], "en_US")
        try:
            days = package.country_holidays(country.code, years=years, language=lang)
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "No public-holiday calendar is known for %(country)s.",
                    country=country.name,
                )
            ) from error
        leaves = self._public_holiday_leaves(sorted(days.items()), company, country)
        self.write(
            {
                "public_holiday_years": ",".join(
                    str(y) for y in sorted(loaded | set(years))
                ),
                "public_holiday_country_id": country.id,
            }
        )
        return leaves

    def _public_holiday_years_of(self, country, company):
        """The years loaded for ``country``. Loaded for another country (the
        company moved, or its country was corrected), none: that country's
        holidays from the company's today on are removed (the past ones stay, as
        the SLA and the daily reports counted them)."""
        former = self.public_holiday_country_id
        if former and former != country:
            tz = self._holiday_tz(company)
            self.env["resource.calendar.leaves"].search(
                [
                    ("calendar_id", "=", self.id),
                    ("public_holiday_country_id", "=", former.id),
                    ("date_from", ">=", utc_start(tz, local_today(tz))),
                ]
            ).unlink()
            return set()
        return {int(y) for y in (self.public_holiday_years or "").split(",") if y}

    def _holiday_tz(self, company):
        """The time zone of the holidays' local midnights: the calendar's, else
        the company's address's."""
        return self.tz or company.partner_id.tz or "UTC"

    def _public_holiday_leaves(self, days, company, country):
        """Global leaves of ``days`` ((date, name) pairs, public holidays of
        ``country``) not yet on the calendar."""
        Leave = self.env["resource.calendar.leaves"]
        tz = self._holiday_tz(company)
        existing = set(
            Leave.search(
                [("calendar_id", "=", self.id), ("resource_id", "=", False)]
            ).mapped("date_from")
        )
        values = []
        for day, name in days:
            start, end = utc_bounds(tz, day, day)
            if start not in existing:
                values.append(
                    {
                        "name": name,
                        "calendar_id": self.id,
                        "company_id": company.id,
                        "date_from": start,
                        "date_to": end - timedelta(seconds=1),
                        "time_type": "leave",
                        "public_holiday_country_id": country.id,
                    }
                )
        return Leave.create(values)

    @api.model
    def _cron_load_public_holidays(self):
        """This year's and next year's public holidays in the working calendar of
        each company that asks for them (each year once)."""
        companies = self.env["res.company"].search(
            [("idic_public_holidays", "=", True)]
        )
        # A calendar several companies work with is served once a run (its
        # company's country, else the first company's): runs for two countries
        # would undo each other's holidays.
        served = self.browse()
        for company in companies.filtered("resource_calendar_id"):
            calendar = company.resource_calendar_id.with_company(company)
            if calendar in served:
                continue
            served |= calendar
            year = local_today(company_tz(company)).year
            try:
                calendar._load_public_holidays([year, year + 1])
            except UserError as error:
                # No country, no package, no calendar for the country: the other
                # companies still get theirs; the reason is in the server log.
                _logger.warning(
                    "Public holidays of %s not loaded: %s", company.name, error
                )
