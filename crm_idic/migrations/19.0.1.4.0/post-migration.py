"""Calendars whose public holidays were loaded before the loaded years named
their country: they are the country of the calendar's company as it is now (the
leaves already loaded are not marked, so a later change of country keeps them)."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE resource_calendar calendar
           SET public_holiday_country_id = partner.country_id
          FROM res_company company
          JOIN res_partner partner ON partner.id = company.partner_id
         WHERE company.id = calendar.company_id
           AND calendar.public_holiday_years IS NOT NULL
           AND calendar.public_holiday_country_id IS NULL
        """
    )
