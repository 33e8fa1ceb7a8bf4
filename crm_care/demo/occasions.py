"""The demo company's festive care: last Tết greeted its most valuable and most
growable customers with a 10 % coupon each, and some of them used it."""

from datetime import datetime, time, timedelta

from odoo import fields

from odoo.addons.crm_idic.tools.lunar import lunar_to_solar

TET_MESSAGE = (
    "<p>Nhân dịp Xuân mới, kính chúc Quý khách và gia đình một năm an khang, "
    "thịnh vượng, vạn sự như ý.</p>"
)
# Customers of the demo who used their Tết code on an order.
CODES_USED = 3


CALL_FEEDBACK = "Đã gọi chúc Tết, khách hẹn ghé cửa hàng sau Tết."


def last_tet(today):
    """The last Lunar New Year's Day on or before ``today``."""
    tet = lunar_to_solar(today.year, 1, 1)
    return tet if tet <= today else lunar_to_solar(today.year - 1, 1, 1)


def demo_festive(env):
    """Configure the company's Tết occasion and greet last Tết, once."""
    company = env.company
    tet = env["crm.care.occasion"].search(
        [
            ("company_id", "=", company.id),
            ("calendar", "=", "lunar"),
            ("month", "=", 1),
        ],
        limit=1,
    )
    if not tet or tet.greeting_ids:
        return
    tet.write(
        {
            "tier_mvc": True,
            "tier_mgc": True,
            "message": TET_MESSAGE,
            "program_id": demo_gift_program(env).id,
            "gift_validity_days": 30,
        }
    )
    day = last_tet(fields.Date.context_today(env.user))
    audience = tet._audience(day)
    # Two customers in three agreed to greetings.
    audience.filtered(lambda p: p.email and p.id % 3).care_greeting_opt_in = True
    Activity = env["mail.activity"]  # noqa: N806
    before = Activity.search([("res_model", "=", "res.partner")])
    env["crm.care.occasion.greeting"]._greet(tet, day, audience)
    demo_calls_made(Activity.search([("res_model", "=", "res.partner")]) - before, day)
    demo_codes_used(env, tet.greeting_ids.sorted("id")[:CODES_USED], day)


def demo_calls_made(activities, day):
    """The calls last Tết's greeting asked for were made on Tết, at 10:00 in Hà
    Nội, by their salesperson: done long ago, not today's work."""
    when = datetime.combine(day, time(3, 0))
    for activity in activities:
        # Logged in the salesperson's language, as done by them.
        seller = activity.user_id
        messages, _next = (
            activity.with_user(seller)
            .with_context(lang=seller.lang)
            ._action_done(feedback=CALL_FEEDBACK)
        )
        messages.sudo().date = when
    activities.exists().sudo().date_done = day


def demo_gift_program(env):
    return env["loyalty.program"].create(
        {
            "name": "Lì xì Tết: giảm 10 %",
            "program_type": "coupons",
            "trigger": "with_code",
            "applies_on": "current",
            "company_id": env.company.id,
            "rule_ids": [(0, 0, {"reward_point_amount": 1})],
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount_mode": "percent",
                        "discount": 10,
                        "discount_applicability": "order",
                        "required_points": 1,
                    },
                )
            ],
        }
    )


def demo_codes_used(env, greetings, day):
    """An order a week after Tết for each of ``greetings``, with its code."""
    product = env["product.product"].search(
        [("default_code", "=", "PN-AP"), ("company_id", "in", (env.company.id, False))],
        limit=1,
    )
    for greeting in greetings:
        order = env["sale.order"].create(
            {
                "partner_id": greeting.partner_id.id,
                "company_id": env.company.id,
                "user_id": greeting.partner_id.user_id.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                ],
            }
        )
        # The order was placed while the code was valid: Odoo checks the
        # expiry as of today, so the card's is lifted for the time of it.
        card = greeting.card_id
        expiry, card.expiration_date = card.expiration_date, False
        status = order._try_apply_code(greeting.code)
        if "error" not in status:
            for coupon, rewards in status.items():
                order._apply_program_reward(rewards[:1], coupon)
        order.action_confirm()
        card.expiration_date = expiry
        # At noon in Hà Nội, a week after Tết.
        order.date_order = datetime.combine(day + timedelta(days=7), time(5, 0))
