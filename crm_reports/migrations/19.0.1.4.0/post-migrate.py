"""A reminder's total was the amount due in the company's currency, beside
items listed in their own currency: a customer invoiced in dollars read dollars
above and dong below. The reminder mails now give the total in the currencies
owed (``_amount_due_text``). Their templates are loaded once (``noupdate``):
the total's expression is replaced where it is still the shipped one, in every
language of the body; the rest of a template someone edited stays as it is."""

SHIPPED = "format_amount(object.amount_due, object.currency_id) or ''"
NEW = "object._amount_due_text()"


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_template t
           SET body_html = (
                SELECT jsonb_object_agg(body.key, replace(body.value, %(shipped)s,
                                                          %(new)s))
                  FROM jsonb_each_text(t.body_html) body
               )
          FROM ir_model_data d
         WHERE d.model = 'mail.template' AND d.res_id = t.id
           AND d.module = 'crm_reports' AND d.name LIKE 'mail_template_dunning_%%'
           AND t.body_html::text LIKE %(like)s
        """,
        {"shipped": SHIPPED, "new": NEW, "like": f"%{SHIPPED}%"},
    )
