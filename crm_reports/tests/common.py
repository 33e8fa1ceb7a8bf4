from odoo import Command, fields

from odoo.addons.crm_qci.tests.common import QciCommon


class ReportsCommon(QciCommon):
    """QciCommon: the company, its salesperson and its care desk, for the reports."""

    @classmethod
    def _payment_term(cls, name, *shares):
        """A payment term of (percent, days) installments."""
        return cls.env["account.payment.term"].create(
            {
                "name": name,
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": share, "nb_days": days}
                    )
                    for share, days in shares
                ],
            }
        )

    @classmethod
    def _billing_contact(cls, customer, name, email):
        """The customer's invoicing address, to whom reminders and statements go."""
        return cls.env["res.partner"].create(
            {"name": name, "type": "invoice", "parent_id": customer.id, "email": email}
        )

    @classmethod
    def _policy(cls, *levels, automatic=False, default=True):
        """A reminder policy of ``(days, channel, tone)`` levels (the suite's mail
        of that tone), the company's default unless ``default`` is false."""
        policy = cls.env["crm.reports.credit.policy"].create(
            {
                "name": "Test policy",
                "automatic": automatic,
                "level_ids": [
                    Command.create(
                        {
                            "name": f"{tone.capitalize()} ({days})",
                            "days_overdue": days,
                            "channel": channel,
                            "mail_template_id": cls.env.ref(
                                f"crm_reports.mail_template_dunning_{tone}"
                            ).id,
                        }
                    )
                    for days, channel, tone in levels
                ],
            }
        )
        if default:
            cls.env.company.credit_policy_id = policy
        return policy

    @classmethod
    def _run(cls, date=None, **values):
        """A reminder run of the company at ``date`` (today), its lines proposed."""
        Run = cls.env["crm.reports.dunning.run"]
        run = Run.create({"date": date or fields.Date.context_today(Run), **values})
        run.action_compute()
        return run
