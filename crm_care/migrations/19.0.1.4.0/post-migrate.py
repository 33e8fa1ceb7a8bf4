"""The contract renewal reminder gives the end date as the customer writes dates
(31/12/2026 in Vietnamese), no longer as 2026-12-31. The template is not updated
by an upgrade (noupdate): the expression is replaced in every language of its
subject and body that still hold it."""

REPLACEMENTS = [
    ("{{ object.date_end }}", "{{ format_date(object.date_end) }}"),
    ("object.date_end or ''", "format_date(object.date_end) or ''"),
]


def migrate(cr, version):
    for old, new in REPLACEMENTS:
        cr.execute(
            """
            UPDATE mail_template template
               SET subject = replace(subject::text, %(old)s, %(new)s)::jsonb,
                   body_html = replace(body_html::text, %(old)s, %(new)s)::jsonb
              FROM ir_model_data data
             WHERE data.model = 'mail.template'
               AND data.res_id = template.id
               AND data.module = 'crm_care'
               AND data.name = 'mail_template_contract_renewal'
            """,
            {"old": old, "new": new},
        )
