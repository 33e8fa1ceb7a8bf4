"""The demo world's sales pipeline and interactions (crm_idic/demo/world.py's
DemoWorld inherits it): leads and opportunities, some won or lost in the past,
and the calls, meetings and notes of the demo customers."""

from datetime import datetime, time, timedelta

from .world_data import CONTACT_NAMES, DEMO_EMAIL_DOMAIN, LEADS, NOTES, USERS, _phone


class DemoPipeline:
    def _demo_leads(self, customers, users, teams, rng, today, scale):
        Lead = self.env["crm.lead"].with_context(mail_create_nolog=True)
        existing = Lead.with_context(active_test=False).search(
            [
                ("email_from", "=like", f"%@{DEMO_EMAIL_DOMAIN}"),
                ("company_id", "=", self.env.company.id),
            ]
        )
        if existing:
            return existing
        team_ids = [team.id for team in teams.values()]
        stages = self.env["crm.stage"].search(
            ["|", ("team_ids", "=", False), ("team_ids", "in", team_ids)]
        )
        open_stages = stages.filtered(lambda stage: not stage.is_won)
        won_stage = stages.filtered("is_won")[:1]
        lost_reason = self.env["crm.lost.reason"].search([], limit=1)
        sellers = [users[login] for login, _n, team, _r in USERS if team]
        count = max(len(open_stages) + 2, round(len(LEADS) * scale))
        leads = Lead
        for index, (title, revenue) in enumerate(LEADS[:count]):
            partner, _archetype = rng.choice(customers)
            seller = rng.choice(sellers)
            team = next(team for team in teams.values() if seller in team.member_ids)
            vals = {
                "name": title,
                "type": "opportunity",
                "user_id": seller.id,
                "team_id": team.id,
                "expected_revenue": revenue,
                "probability": rng.choice([10, 20, 40, 60, 80]),
                "date_deadline": today + timedelta(days=rng.randint(7, 90)),
                "priority": rng.choice(["0", "1", "2", "3"]),
            }
            if index % 2:
                vals.update(partner_id=partner.id)
            else:
                vals.update(
                    partner_name=f"Khách tiềm năng {index + 1:02d}",
                    contact_name=rng.choice(CONTACT_NAMES),
                    email_from=f"tiemnang{index + 1:02d}@{DEMO_EMAIL_DOMAIN}",
                    phone=_phone(rng),
                )
            # Every open stage has leads; of the rest, some are won, some lost.
            outcome = "open"
            if index >= len(open_stages) and won_stage and index % 5 == 0:
                outcome = "won"
            elif index >= len(open_stages) and index % 7 == 3:
                outcome = "lost"
            if outcome == "won":
                vals.update(stage_id=won_stage.id, probability=100)
            elif index < len(open_stages):
                vals["stage_id"] = open_stages[index].id
            else:
                vals["stage_id"] = rng.choice(open_stages).id
            lead = Lead.create(vals)
            if outcome == "lost":
                lead.action_set_lost(lost_reason_id=lost_reason.id)
            elif outcome == "open":
                lead.activity_schedule(
                    "mail.mail_activity_data_call"
                    if index % 2
                    else "mail.mail_activity_data_meeting",
                    date_deadline=today + timedelta(days=rng.randint(-5, 14)),
                    user_id=seller.id,
                    summary=f"Theo dõi: {title}",
                )
            leads |= lead
        return leads

    # -- history: when deals closed, when customers were last contacted ---------------

    def _demo_close_in_past(self, leads, rng, today):
        """Won and lost deals closed over the last seven months (not all today),
        each opened 10 to 60 days before it closed."""
        closed = leads.filtered(lambda lead: lead.won_status in ("won", "lost"))
        for lead in closed:
            day = today - timedelta(days=rng.randint(3, 210))
            when = datetime.combine(day, time(rng.randint(2, 10), 0))
            lead.date_closed = when
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                [when - timedelta(days=rng.randint(10, 60)), lead.id],
            )
        closed.invalidate_recordset(["create_date"])

    def _demo_interactions(self, customers, rng, today):
        """A note by the salesperson on two customers in three, written in the last
        fifty days: some are within their segment's contact cadence, some late."""
        subtype = self.env.ref("mail.mt_note")
        partners = self.env["res.partner"].union(*(p for p, _a in customers))
        if self.env["mail.message"].search_count(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("message_type", "=", "comment"),
            ],
            limit=1,
        ):
            return
        for partner, _archetype in customers:
            if not partner.user_id or rng.random() > 2 / 3:
                continue
            message = partner.with_user(partner.user_id).message_post(
                body=rng.choice(NOTES),
                message_type="comment",
                subtype_id=subtype.id,
            )
            day = today - timedelta(days=rng.randint(1, 50))
            message.sudo().date = datetime.combine(day, time(3, 0))

    def _demo_activities_done(self, customers, rng, today):
        """Calls, meetings and emails the salespeople did over the last sixty days
        (about one customer in two, one to three each), in office hours (Vietnam's
        09:00 to 16:00): the Interact measures, the QCI KPIs and the daily reports
        have work to count."""
        partners = self.env["res.partner"].union(*(p for p, _a in customers))
        if self.env["mail.message"].search_count(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("mail_activity_type_id", "!=", False),
            ],
            limit=1,
        ):
            return
        kinds = [
            self.env.ref(xmlid)
            for xmlid in (
                "mail.mail_activity_data_call",
                "mail.mail_activity_data_meeting",
                "mail.mail_activity_data_email",
            )
        ]
        for partner, _archetype in customers:
            if not partner.user_id or rng.random() > 0.5:
                continue
            for _done in range(rng.randint(1, 3)):
                day = today - timedelta(days=rng.randint(1, 60))
                # Planned and logged in the salesperson's language, by them.
                seller = partner.user_id
                activity = partner.with_context(lang=seller.lang).activity_schedule(
                    activity_type_id=rng.choice(kinds).id,
                    date_deadline=day,
                    user_id=seller.id,
                )
                messages, _next = (
                    activity.with_user(seller)
                    .with_context(lang=seller.lang)
                    ._action_done(feedback=rng.choice(NOTES))
                )
                messages.sudo().date = datetime.combine(day, time(rng.randint(2, 9), 0))
