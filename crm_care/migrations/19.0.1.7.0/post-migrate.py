"""The greetings and the contract renewal reminder, sent by scheduled actions
(OdooBot), came from OdooBot; their mail templates now name the sender: the
customer's or the contract's salesperson, else the company. The templates are
loaded once (``noupdate``): those of an existing database that name no sender
get the expression of a new one."""

CUSTOMER_SELLER = (
    "{{ (object.user_id.email_formatted or object.company_id.email_formatted"
    " or user.company_id.email_formatted or user.email_formatted) }}"
)
SENDERS = {
    "mail_template_birthday": CUSTOMER_SELLER,
    "mail_template_purchase_anniversary": CUSTOMER_SELLER,
    "mail_template_occasion": "{{ (object.partner_id.user_id.email_formatted"
    " or object.company_id.email_formatted or user.email_formatted) }}",
    "mail_template_contract_renewal": "{{ (object.user_id.email_formatted"
    " or object.company_id.email_formatted or user.email_formatted) }}",
}


def migrate(cr, version):
    for name, expression in SENDERS.items():
        cr.execute(
            """
            UPDATE mail_template t
               SET email_from = %s
              FROM ir_model_data d
             WHERE d.model = 'mail.template' AND d.res_id = t.id
               AND d.module = 'crm_care' AND d.name = %s
               AND COALESCE(t.email_from, '') = ''
            """,
            [expression, name],
        )
