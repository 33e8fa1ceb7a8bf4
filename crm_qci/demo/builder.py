"""The demo data of crm_qci, on top of crm_care's and crm_idic's: targets of the
month, a week of daily reports and last quarter's QCI assessment for the demo
company's salespeople."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from odoo.addons.crm_idic.demo.world import demo_env

REPORT_NOTES = [
    "<p>Gọi 6 khách hàng, gửi 2 báo giá, khách quan tâm dòng máy mới.</p>",
    "<p>Gặp khách tại cửa hàng, chốt một đơn hàng, hẹn giao tuần sau.</p>",
    "<p>Chăm sóc khách cũ, nhắc thanh toán hai hóa đơn quá hạn.</p>",
]


def build(env):
    """The demo data of crm_qci (demo/crm_qci_demo.xml); once."""
    env = demo_env(env)
    company = env.company
    if env["crm.qci.target"].search_count([("company_id", "=", company.id)]):
        return
    today = fields.Date.context_today(env.user)
    teams = env["crm.team"].search([("company_id", "=", company.id)])
    sellers = (teams.member_ids | teams.user_id).filtered(lambda u: not u.share)
    month = today.replace(day=1)
    # This month's targets, and those of the last quarter that the demo
    # assessment measures.
    for months_back in range(6):
        demo_targets(env, sellers, month - relativedelta(months=months_back))
    demo_daily_reports(env, sellers - teams.user_id, today)
    demo_assessment(env, today.replace(day=1))


def demo_targets(env, sellers, month):
    """Targets of the month: a tenth above each salesperson's monthly average of
    the last quarter."""
    invoiced = dict(
        env["account.move"]._read_group(
            [
                ("company_id", "=", env.company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ["out_invoice", "out_refund"]),
                ("invoice_date", ">=", month - relativedelta(months=3)),
                ("invoice_date", "<", month),
            ],
            ["invoice_user_id"],
            ["amount_untaxed_signed:sum"],
        )
    )
    env["crm.qci.target"].create(
        [
            {
                "user_id": user.id,
                "company_id": env.company.id,
                "date_from": month,
                "revenue_target": max(
                    round(invoiced.get(user, 0.0) / 3 * 1.1, -6), 50_000_000
                ),
                "new_customers_target": 3,
                "activities_target": 40,
                "win_rate_target": 30,
            }
            for user in sellers
        ]
    )


def demo_daily_reports(env, sellers, today):
    """The last five working days' reports of each salesperson."""
    days = [
        day
        for day in (today - relativedelta(days=n) for n in range(1, 9))
        if day.weekday() < 5
    ][:5]
    for user in sellers:
        customer = env["res.partner"].search(
            [("user_id", "=", user.id), ("customer_rank", ">", 0)], limit=1
        )
        env["crm.qci.daily.report"].create(
            [
                {
                    "user_id": user.id,
                    "company_id": env.company.id,
                    "date": day,
                    "state": "reviewed" if index > 1 else "submitted",
                    "notes": REPORT_NOTES[index % len(REPORT_NOTES)],
                    "plan_line_ids": [
                        Command.create(
                            {
                                "name": "Gọi lại khách hàng",
                                "partner_id": customer.id,
                                "date": day + relativedelta(days=1),
                            }
                        )
                    ],
                }
                for index, day in enumerate(days)
            ]
        )


def demo_assessment(env, month):
    """Last quarter's QCI assessment, measured and done."""
    quarter = (month.month - 1) // 3 * 3 + 1
    start = month.replace(month=quarter) - relativedelta(months=3)
    assessment = env["crm.qci.assessment"].create(
        {
            "name": f"QCI {start.year} Q{(start.month - 1) // 3 + 1}",
            "company_id": env.company.id,
            "date_from": start,
            "date_to": start + relativedelta(months=3, days=-1),
        }
    )
    assessment.action_start()
    demo_answers(assessment)
    assessment.action_done()


def demo_answers(assessment):
    """The managers' answers to the questionnaire: what they mean to do
    (intention) well above what is done (reality), more so on some practices."""
    for index, answer in enumerate(assessment.line_ids.answer_ids):
        answer.write(
            {
                "intention": 70 + 10 * (index % 3),
                "reality": 35 + 15 * (index % 4),
            }
        )
