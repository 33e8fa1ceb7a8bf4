"""The reminder mails now give the total in the currencies owed
(``_amount_due_text``: a customer invoiced in dollars read dollars above and
dong below) and link each document to its page on the customer's portal
(``_item_url``: to read, download or pay it online). Their templates are loaded
once (``noupdate``): each expression is replaced where it is still the shipped
one, in every language of the body; the rest of a template someone edited
stays as it is."""

REPLACEMENTS = [
    (
        "format_amount(object.amount_due, object.currency_id) or ''",
        "object._amount_due_text()",
    ),
    (
        """<td t-out="item.move_id.name or ''"/>""",
        """<td><a t-att-href="object._item_url(item)" """
        """t-out="item.move_id.name or ''"/></td>""",
    ),
]


def migrate(cr, version):
    for shipped, new in REPLACEMENTS:
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
               AND d.module = 'crm_reports'
               AND d.name LIKE 'mail_template_dunning_%%'
               AND strpos(t.body_html::text, %(json)s) > 0
            """,
            {"shipped": shipped, "new": new, "json": _json_text(shipped)},
        )


def _json_text(text):
    """How ``text`` reads inside a JSON string (quotes escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
