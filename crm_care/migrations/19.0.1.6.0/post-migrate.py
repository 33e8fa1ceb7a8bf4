"""A ticket shows its contact's address, else its customer's (the email was
left empty on tickets made on the form, over RPC or on the portal): the tickets
without one get it, in one statement."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE crm_care_ticket t
           SET email_from = p.email
          FROM res_partner p
         WHERE p.id = COALESCE(t.contact_id, t.partner_id)
           AND COALESCE(t.email_from, '') = ''
           AND COALESCE(p.email, '') != ''
        """
    )
