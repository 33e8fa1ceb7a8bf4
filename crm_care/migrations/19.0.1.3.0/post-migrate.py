"""The ticket mails' time zone: the customer's, else the company's working
calendar's (``_care_mail_tz``), no longer the company address's, which a new
database's company does not have (its first answer was promised at UTC's hour).
The templates are not updated by an upgrade (noupdate): the expression is
replaced in every language of the templates that still hold it."""

OLD = "tz=object.partner_id.tz or object.company_id.partner_id.tz or 'UTC'"
NEW = "tz=object._care_mail_tz()"


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_template template
           SET body_html = replace(template.body_html::text, %(old)s, %(new)s)::jsonb
          FROM ir_model model
         WHERE model.id = template.model_id
           AND model.model = 'crm.care.ticket'
           AND strpos(template.body_html::text, %(old)s) > 0
        """,
        {"old": OLD, "new": NEW},
    )
