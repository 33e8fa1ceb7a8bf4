"""The demo data of crm_care, on top of crm_idic's demo world (demo/world.py of
crm_idic): warranty periods of the demo products, a care team with its SLA,
tickets on the latest confirmed orders, contracts at every step of their life
(demo/contracts.py), last Tết's greetings with coupon codes, some used
(demo/occasions.py)."""

import random
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.crm_idic.demo.world import DemoWorld, demo_env
from odoo.addons.crm_idic.demo.world_data import DEMO_EMAIL_DOMAIN
from odoo.addons.crm_idic.tools.localtime import company_tz, local_today, utc_start
from odoo.addons.crm_idic.tools.records import count_by

from .contracts import demo_contracts
from .occasions import demo_festive

# Warranty periods of the demo products (by internal reference), in months.
DEMO_WARRANTY_MONTHS = {
    "PN-RO10": 24,
    "PN-AC12": 24,
    "PN-FR320": 24,
    "PN-WM9": 24,
    "PN-WH30": 36,
    "PN-RC18": 12,
    "PN-FAN": 12,
    "PN-VAC": 12,
    "PN-AP": 12,
    "PN-TV55": 24,
}
# What customers ask, by ticket type: the subject, the customer's first mail and
# the agent's answer.
CUSTOMER_REQUESTS = {
    "warranty": (
        "Máy không hoạt động sau khi lắp đặt",
        "<p>Chào anh chị, máy nhà tôi lắp hôm trước giờ không lên nguồn. "
        "Nhờ bên mình kiểm tra giúp.</p>",
        "<p>Dạ chúng tôi đã nhận thông tin, kỹ thuật viên sẽ liên hệ anh chị "
        "trong hôm nay.</p>",
    ),
    "quality": (
        "Sản phẩm giao bị trầy xước",
        "<p>Tôi gửi kèm mô tả: hàng giao tới bị trầy ở mặt trước, "
        "mong được đổi cái mới.</p>",
        "<p>Anh chị vui lòng gửi giúp ảnh chụp sản phẩm và số đơn hàng để "
        "chúng tôi xử lý đổi hàng.</p>",
    ),
    "price": (
        "Hỏi giá khi mua thêm số lượng lớn",
        "<p>Cho tôi hỏi giá nếu lấy thêm 20 cái cho văn phòng?</p>",
        "<p>Dạ với số lượng 20 cái, bên em báo giá giảm 8%, em gửi báo giá "
        "qua email cho anh chị.</p>",
    ),
    "quantity": (
        "Giao thiếu một thùng hàng",
        "<p>Đơn hàng giao hôm qua thiếu một thùng so với hóa đơn, "
        "nhờ anh chị kiểm tra và giao bù.</p>",
        "<p>Dạ bên em đã kiểm tra phiếu xuất kho, thùng còn thiếu sẽ được "
        "giao bù trong ngày mai.</p>",
    ),
    "discount": (
        "Chương trình khuyến mãi cuối năm áp dụng thế nào?",
        "<p>Cho tôi hỏi chương trình khuyến mãi cuối năm có áp dụng cho "
        "đơn hàng của công ty tôi không?</p>",
        "<p>Dạ chương trình áp dụng cho đơn từ 10 triệu đồng đến hết 31/12, "
        "bên em gửi chi tiết qua email cho anh chị.</p>",
    ),
    "other": (
        "Đổi lịch bảo dưỡng định kỳ",
        "<p>Tuần tới công ty tôi nghỉ, nhờ anh chị dời lịch bảo dưỡng "
        "sang tuần sau.</p>",
        "<p>Dạ bên em đã dời lịch sang thứ Hai tuần sau, kỹ thuật viên sẽ "
        "gọi trước khi đến.</p>",
    ),
}
# The customer's answer to a solved ticket that reopens it.
CUSTOMER_AGAIN = (
    "<p>Cảm ơn anh chị, nhưng vấn đề vẫn chưa được giải quyết, nhờ anh chị "
    "xem lại giúp.</p>"
)
RATING_NOTES = [
    "Nhân viên hỗ trợ nhanh và nhiệt tình.",
    "Đã xử lý xong nhưng phải chờ lâu.",
    "",
]


def build(env):
    """The demo data of crm_care (demo/crm_care_demo.xml); adds nothing twice."""
    env = demo_env(env)
    set_demo_warranty(env)
    team = demo_care_team(env)
    demo_alias_domain(env, team)
    demo_festive(env)
    if not env["crm.care.ticket"].search_count([("company_id", "=", env.company.id)]):
        demo_ticket_world(env, team)
    demo_portal_customer(env)


def demo_ticket_world(env, team):
    """Tickets and contracts on the latest orders, past tickets on the older ones."""
    orders = env["sale.order"].search(
        [("company_id", "=", env.company.id), ("state", "=", "sale")],
        order="date_order desc",
        limit=12,
    )
    demo_tickets(env, team, orders)
    demo_contracts(env, orders)
    older = env["sale.order"].search(
        [("company_id", "=", env.company.id), ("state", "=", "sale")],
        order="date_order desc",
        offset=len(orders),
        limit=24,
    )
    demo_past_tickets(env, team, older)


def demo_portal_customer(env):
    """Make the demo portal user (demo/crm_care_demo.xml) a contact of the customer
    company with the most tickets among those with a running contract, so that its
    /my shows tickets, contracts and invoices.

    :return: the portal user (none where the demo data was not loaded: the tests)
    """
    user = env.ref("crm_care.user_portal_customer", raise_if_not_found=False)
    company = env.company
    customers = (
        env["crm.care.contract"]
        .search([("company_id", "=", company.id), ("state", "=", "running")])
        .commercial_partner_id.filtered("is_company")
    )
    if not user or not customers:
        return env["res.users"]
    tickets = count_by(
        env["crm.care.ticket"],
        "commercial_partner_id",
        customers,
        [("company_id", "=", company.id)],
    )
    customer = max(
        customers, key=lambda partner: (tickets.get(partner, 0), -partner.id)
    )
    user.write({"company_ids": [Command.set(company.ids)], "company_id": company.id})
    user.partner_id.write(
        {
            "parent_id": customer.id,
            "lang": DemoWorld(env)._demo_lang(),
            "tz": company_tz(company),
        }
    )
    return user


def set_demo_warranty(env):
    """Give the demo products their warranty periods.

    :return: the product templates changed
    """
    templates = env["product.template"].search(
        [("default_code", "in", list(DEMO_WARRANTY_MONTHS))]
    )
    for template in templates:
        template.warranty_months = DEMO_WARRANTY_MONTHS[template.default_code]
    return templates


def demo_care_team(env):
    """The demo company's care team and its SLA policies. The company's sales
    staff (not the administrator, not the accountant) care too: its sales managers
    lead the care team and approve contracts."""
    company = env.company
    staff = (
        env["res.users"]
        .search(
            [("company_id", "=", company.id), ("share", "=", False), ("id", ">", 2)]
        )
        .filtered(lambda user: user.has_group("sales_team.group_sale_salesman"))
    )
    managers = staff.filtered(
        lambda user: user.has_group("sales_team.group_sale_manager")
    )
    staff.write({"group_ids": [(4, env.ref("crm_care.group_care_agent").id)]})
    managers.write(
        {
            "group_ids": [
                (4, env.ref("crm_care.group_care_manager").id),
                (4, env.ref("crm_care.group_contract_manager").id),
            ]
        }
    )
    team = env["crm.care.team"].search([("company_id", "=", company.id)], limit=1)
    if team:
        return team
    leader = managers[:1] or env.ref("base.user_admin")
    team = env["crm.care.team"].create(
        {
            "name": "Chăm sóc khách hàng",
            "company_id": company.id,
            "leader_id": leader.id,
            "member_ids": [(6, 0, (staff or leader).ids)],
            "resource_calendar_id": company.resource_calendar_id.id,
            "assignment": "round_robin",
        }
    )
    env["crm.care.sla"].create(
        [
            {
                "name": "Khẩn cấp",
                "team_id": team.id,
                "priority": "3",
                "first_response_hours": 1,
                "resolution_hours": 8,
                "sequence": 1,
            },
            {
                "name": "Tiêu chuẩn",
                "team_id": team.id,
                "first_response_hours": 4,
                "resolution_hours": 24,
                "sequence": 10,
            },
        ]
    )
    return team


def demo_tickets(env, team, orders):
    """A ticket on each of ``orders``, of every type and at every stage."""
    kinds = list(CUSTOMER_REQUESTS)
    stages = [
        env.ref(f"crm_care.stage_{key}")
        for key in ("new", "in_progress", "waiting", "solved", "new", "in_progress")
    ]
    for index, order in enumerate(orders):
        line = order.order_line.filtered(lambda line: line.product_id.warranty_months)
        kind = kinds[index % len(kinds)]
        subject, mail, reply = CUSTOMER_REQUESTS[kind]
        ticket = env["crm.care.ticket"].create(
            {
                "subject": subject,
                "partner_id": order.partner_id.id,
                "company_id": env.company.id,
                "sale_order_id": order.id,
                "sale_line_id": line[:1].id,
                "ticket_type_id": env.ref(f"crm_care.ticket_type_{kind}").id,
                "team_id": team.id,
                # The customer's words, as the mail gateway and the portal keep
                # them on a new ticket (its first message below).
                "description": mail,
                "priority": "3" if index % 5 == 0 else "1",
                "channel": ["phone", "email", "portal", "walk_in"][index % 4],
            }
        )
        _demo_message(env, ticket, ticket.partner_id, mail, "email")
        stage = stages[index % len(stages)]
        if stage != ticket.stage_id:
            agent = ticket.user_id or team.leader_id
            _demo_message(env, ticket, agent.partner_id, reply)
            ticket._sla_write({"first_response_date": fields.Datetime.now()})
            ticket.write({"stage_id": stage.id, "resolution_type": "answered"})
        if stage.is_closed and index < len(stages):
            # Solved and rated by the customer from the mail's link.
            token = ticket.sudo()._rating_get_access_token(ticket.partner_id)
            ticket.rating_apply(5, token=token, feedback=RATING_NOTES[0])
        elif stage.is_closed:
            # The customer answered the solved ticket: it is reopened.
            _demo_message(env, ticket, ticket.partner_id, CUSTOMER_AGAIN, "email")
            ticket._care_on_customer_reply()


def _demo_message(env, ticket, author, body, message_type="comment"):
    """A message on the ticket's thread, as the gateway or the chatter would log
    it, without mailing anyone (the demo's addresses are not real)."""
    return env["mail.message"].create(
        {
            "model": ticket._name,
            "res_id": ticket.id,
            "author_id": author.id,
            "email_from": author.email_formatted,
            "body": body,
            "message_type": message_type,
            "subtype_id": env.ref("mail.mt_comment").id,
        }
    )


def demo_alias_domain(env, team):
    """The demo company's mail domain and the care team's alias (cskh@...): the
    customers' replies to a ticket's mails come back to the ticket."""
    company = env.company
    domain = company.alias_domain_id
    if not domain:
        name = (company.email or "").rpartition("@")[2] or DEMO_EMAIL_DOMAIN
        domain = env["mail.alias.domain"].search([("name", "=", name)], limit=1)
        domain = domain or env["mail.alias.domain"].create({"name": name})
        company.alias_domain_id = domain
    if not team.alias_name:
        team.write({"alias_name": "cskh", "alias_domain_id": domain.id})
    return domain


def demo_past_tickets(env, team, orders):
    """Tickets of the last six months, solved (one in six late) and most rated by
    the customer: the care desk's history, for the QCI scorecard and the ratings.
    """
    rng = random.Random(len(orders))
    solved = env.ref("crm_care.stage_solved")
    kinds = ("quality", "price")
    tz = company_tz(env.company)
    today = local_today(tz)
    for index, order in enumerate(orders):
        kind = kinds[index % 2]
        ticket = env["crm.care.ticket"].create(
            {
                "subject": CUSTOMER_REQUESTS[kind][0],
                "description": CUSTOMER_REQUESTS[kind][1],
                "partner_id": order.partner_id.id,
                "company_id": env.company.id,
                "sale_order_id": order.id,
                "ticket_type_id": env.ref(f"crm_care.ticket_type_{kind}").id,
                "team_id": team.id,
                "channel": ["phone", "email", "portal"][index % 3],
            }
        )
        ticket.write({"stage_id": solved.id, "resolution_type": "answered"})
        if index % 4 != 3:
            token = ticket.sudo()._rating_get_access_token(ticket.partner_id)
            ticket.rating_apply(
                rng.choice([5, 5, 5, 3, 1]),
                token=token,
                feedback=RATING_NOTES[index % 3],
            )
        # Opened on a working day of the last six months, in office hours.
        day = today - timedelta(days=rng.randint(5, 180))
        day -= timedelta(days=max(day.weekday() - 4, 0))
        opened = utc_start(tz, day) + timedelta(hours=rng.randint(9, 15))
        _move_to_past(env, ticket, opened, index, rng)


def _move_to_past(env, ticket, opened, index, rng):
    """Date a just-solved ticket (and its rating) back to ``opened``: solved one to
    three hours later, or, one in six, a day after its resolution deadline (its
    SLA failed); its deadlines and working hours follow from its team's
    calendar."""
    env.flush_all()
    env.cr.execute(
        "UPDATE crm_care_ticket SET create_date = %s WHERE id = %s",
        [opened, ticket.id],
    )
    ticket.invalidate_recordset(["create_date"])
    ticket._sla_write({"sla_start": opened})
    closed = opened + timedelta(hours=rng.randint(1, 3))
    if index % 6 == 5 and ticket.sla_resolution_deadline:
        closed = min(
            ticket.sla_resolution_deadline + timedelta(days=1), fields.Datetime.now()
        )
    ticket._sla_write({"first_response_date": closed, "closed_date": closed})
    ticket._refresh_sla_status()
    env.cr.execute(
        "UPDATE rating_rating SET create_date = %s, write_date = %s "
        "WHERE res_model = 'crm.care.ticket' AND res_id = %s",
        [closed, closed + timedelta(hours=2), ticket.id],
    )
    ticket.invalidate_recordset()
