def ensure_company_sequences(env, specs, companies=None):
    """Create the per-company ``ir.sequence`` records of ``specs`` (dicts with
    ``code``, ``name``, ``prefix``, ``padding``) that are missing, for
    ``companies`` (all when None). Existing sequences, and their next numbers,
    are kept."""
    Sequence = env["ir.sequence"].sudo()
    if companies is None:
        companies = env["res.company"].sudo().search([])
    if not companies:
        return
    have = {
        (sequence.code, sequence.company_id.id)
        for sequence in Sequence.search(
            [
                ("code", "in", [spec["code"] for spec in specs]),
                ("company_id", "in", companies.ids),
            ]
        )
    }
    Sequence.create(
        [
            {
                **spec,
                "name": f"{spec['name']} ({company.name})",
                "company_id": company.id,
            }
            for spec in specs
            for company in companies
            if (spec["code"], company.id) not in have
        ]
    )


def next_company_number(env, specs, code, company):
    """The next number of sequence ``code`` in ``company`` (the document's
    company, not the environment's: OdooBot's for mail, portal and scheduled
    creations)."""
    Sequence = env["ir.sequence"].sudo().with_company(company)
    number = Sequence.next_by_code(code)
    if not number:  # a company made while the addon was not installed
        ensure_company_sequences(env, specs, company)
        number = Sequence.next_by_code(code)
    return number
