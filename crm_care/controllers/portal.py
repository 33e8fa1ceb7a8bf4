from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools.mail import plaintext2html
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import local_today, reader_tz
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

ITEMS_PER_PAGE = 20


def portal_count(model, domain):
    """How many records of ``model`` the portal user has in ``domain`` (0 when the
    user may not read them), for a counter of the portal home."""
    records = request.env[model]
    return records.search_count(domain) if records.has_access("read") else 0


def search_domain(fields, text):
    """Records whose ``fields`` contain ``text`` (any of them)."""
    return Domain.OR(Domain(field, "ilike", text) for field in fields)


class CarePortalList(CustomerPortal):
    """The customer's lists of care tickets and contracts: sort, filter, search
    and pages, as Odoo's own portal lists."""

    def _care_list_counters(self, counters, model, domain, searchbar, filters):
        """The portal home's counters of a list that ``counters`` asks for:
        ``filters`` maps each counter to the filter of the list's ``searchbar``
        (a callable, read only when needed) it counts, None for the whole list."""
        values = {}
        for counter, filter_key in filters.items():
            if counter not in counters:
                continue
            counted = Domain(domain)
            if filter_key:
                counted &= Domain(searchbar()[1][filter_key]["domain"])
            values[counter] = portal_count(model, counted)
        return values

    def _care_list_values(self, model, domain, url, searchbar, page, params):
        """(the page's records, the rendering values) of a customer's list of care
        tickets or contracts at ``url``: ``searchbar`` is (sortings, filters,
        inputs) as ``portal.portal_searchbar`` shows them; ``params`` the request's
        ``sortby``, ``filterby``, ``search_in`` and ``search`` (unknown values fall
        back to the first option)."""
        sortings, filters, inputs = searchbar
        sortby = params.get("sortby") if params.get("sortby") in sortings else "date"
        filterby = (
            params.get("filterby") if params.get("filterby") in filters else "all"
        )
        search_in = (
            params.get("search_in") if params.get("search_in") in inputs else "all"
        )
        search = (params.get("search") or "").strip()
        domain = Domain.AND([domain, filters[filterby]["domain"]])
        if search:
            domain &= search_domain(inputs[search_in]["fields"], search)
        records = request.env[model]
        pager = portal_pager(
            url=url,
            total=records.search_count(domain),
            page=page,
            step=ITEMS_PER_PAGE,
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
            },
        )
        records = records.search(
            domain,
            order=sortings[sortby]["order"],
            limit=ITEMS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "pager": pager,
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return records, values


class CareCustomerPortal(CarePortalList):
    def _care_ticket_domain(self):
        partner = request.env.user.partner_id
        return [("commercial_partner_id", "=", partner.commercial_partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        values.update(
            self._care_list_counters(
                counters,
                "crm.care.ticket",
                self._care_ticket_domain(),
                self._care_ticket_searchbar,
                {"care_ticket_count": None, "care_ticket_waiting_count": "waiting"},
            )
        )
        return values

    def _care_ticket_searchbar(self):
        """Sortings, filters and search fields of the customer's ticket list."""
        env = request.env
        return (
            {
                "date": {
                    "label": env._("Newest"),
                    "order": "create_date desc, id desc",
                },
                "name": {"label": env._("Reference"), "order": "name desc, id desc"},
                "subject": {"label": env._("Subject"), "order": "subject, id desc"},
                "stage": {"label": env._("Status"), "order": "stage_id, id desc"},
            },
            {
                "all": {"label": env._("All"), "domain": Domain.TRUE},
                "open": {
                    "label": env._("Open"),
                    "domain": Domain("is_closed", "=", False),
                },
                "waiting": {
                    "label": env._("Waiting for your answer"),
                    "domain": Domain("is_closed", "=", False)
                    & Domain("stage_id.pauses_sla", "=", True),
                },
                "closed": {
                    "label": env._("Closed"),
                    "domain": Domain("is_closed", "=", True),
                },
            },
            {
                "all": {
                    "input": "all",
                    "label": env._("Search in all"),
                    "fields": ["name", "subject", "description"],
                },
                "name": {
                    "input": "name",
                    "label": env._("Search in reference"),
                    "fields": ["name"],
                },
                "subject": {
                    "input": "subject",
                    "label": env._("Search in subject"),
                    "fields": ["subject"],
                },
            },
        )

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_care_tickets(self, page=1, **kwargs):
        sortings, filters, inputs = self._care_ticket_searchbar()
        tickets, values = self._care_list_values(
            "crm.care.ticket",
            self._care_ticket_domain(),
            "/my/tickets",
            (sortings, filters, inputs),
            page,
            kwargs,
        )
        request.session["my_care_tickets_history"] = tickets.ids[:100]
        values.update({"tickets": tickets, "page_name": "care_ticket"})
        return request.render("crm_care.portal_my_care_tickets", values)

    @http.route(
        ["/my/tickets/<int:ticket_id>"], type="http", auth="public", website=True
    )
    def portal_my_care_ticket(self, ticket_id, access_token=None, **kwargs):
        return self._care_document_page(
            "crm.care.ticket", ticket_id, access_token, "ticket"
        )

    @http.route(
        ["/my/tickets/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_new_care_ticket(self, **post):
        """A customer opens a ticket: subject, type, description, one of its orders."""
        partner = request.env.user.partner_id
        types = request.env["crm.care.ticket.type"].sudo().search([])
        orders = (
            request.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                    ("state", "=", "sale"),
                    # The companies the customer's portal shows (its own orders):
                    # the request's, which Odoo's website narrows to its own.
                    ("company_id", "in", request.env.companies.ids),
                ],
                limit=50,
            )
        )
        error = None
        if request.httprequest.method == "POST":
            subject = (post.get("subject") or "").strip()
            if not subject:
                error = request.env._("Please say in a few words what it is about.")
            else:
                order = orders.filtered(
                    lambda o: str(o.id) == post.get("sale_order_id")
                )
                ticket_type = types.filtered(
                    lambda t: str(t.id) == post.get("ticket_type_id")
                )
                files = self._care_uploaded_files()
                try:
                    ticket = self._care_create_portal_ticket(
                        {
                            "subject": subject[:200],
                            # The form's text area is plain text: its lines kept.
                            "description": plaintext2html(post["description"])
                            if (post.get("description") or "").strip()
                            else False,
                            "partner_id": partner.id,
                            "sale_order_id": order.id or False,
                            "ticket_type_id": ticket_type.id or False,
                            # No desk: the ticket's create gives the first of the
                            # company that sold the order, else the portal's.
                            "channel": "portal",
                        },
                        files,
                    )
                except UserError as exc:
                    error = exc.args[0]
                else:
                    return request.redirect(f"/my/tickets/{ticket.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "care_ticket_new",
                "types": types,
                "orders": orders,
                "order_labels": self._care_order_labels(orders),
                "error": error,
                "post": post,
                "max_mb": self._care_portal_team().attachment_max_mb or 10,
            }
        )
        return request.render("crm_care.portal_new_care_ticket", values)

    def _care_order_labels(self, orders):
        """Each order as the customer tells it apart: its number and the day
        it was placed, in the reader's time zone."""
        tz = reader_tz(request.env, request.env.company)
        return {
            order.id: "%s — %s"
            % (order.name, format_date(request.env, local_today(tz, order.date_order)))
            for order in orders
        }

    def _care_portal_team(self):
        """The care desk of the portal's company (its file-size limit shows
        on the form): the one a ticket made there without an order goes to."""
        Ticket = request.env["crm.care.ticket"].sudo()
        return Ticket._default_team(request.env.company).sudo()

    def _care_uploaded_files(self):
        """The files of the form: (name, content, mimetype)."""
        return [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]

    def _care_create_portal_ticket(self, values, files):
        """The ticket and, on its thread, the customer's files — or nothing
        (a file above the team's limit refuses the whole request)."""
        Ticket = request.env["crm.care.ticket"].sudo()
        with request.env.cr.savepoint():
            ticket = Ticket.create(values)
            ticket._care_check_customer_files(
                files=[(name, len(content)) for name, content, _type in files]
            )
            if files:
                ticket.message_post(
                    body=request.env._("Files from the customer."),
                    author_id=values["partner_id"],
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    attachments=[(name, content) for name, content, _type in files],
                )
        return ticket

    @http.route(
        ["/my/tickets/<int:ticket_id>/close"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_close_care_ticket(self, ticket_id, access_token=None, **kwargs):
        """The customer (or the holder of the ticket's link) closes it."""
        try:
            ticket_sudo = self._document_check_access(
                "crm.care.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = (
            request.env.user.partner_id
            if not request.env.user._is_public()
            else ticket_sudo.partner_id
        )
        if not ticket_sudo.is_closed:
            ticket_sudo._care_close_by_customer(partner)
        return request.redirect(ticket_sudo.get_portal_url())


class CareContractPortal(CarePortalList):
    def _care_contract_domain(self):
        partner = request.env.user.partner_id
        return [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("state", "not in", ["draft", "cancel"]),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        values.update(
            self._care_list_counters(
                counters,
                "crm.care.contract",
                self._care_contract_domain(),
                self._care_contract_searchbar,
                {"care_contract_count": None, "care_contract_to_sign_count": "to_sign"},
            )
        )
        return values

    def _care_contract_searchbar(self):
        """Sortings, filters and search fields of the customer's contract list."""
        env = request.env
        return (
            {
                "date": {"label": env._("Newest"), "order": "date_start desc, id desc"},
                "date_end": {"label": env._("End date"), "order": "date_end, id desc"},
                "number": {
                    "label": env._("Number"),
                    "order": "number desc, id desc",
                },
                "name": {"label": env._("Title"), "order": "name, id desc"},
            },
            {
                "all": {"label": env._("All"), "domain": Domain.TRUE},
                "to_sign": {
                    "label": env._("To accept"),
                    "domain": Domain("state", "=", "sent"),
                },
                "accepted": {
                    "label": env._("Accepted, not yet started"),
                    "domain": Domain("state", "in", ["signed", "waiting"]),
                },
                "running": {
                    "label": env._("Running"),
                    "domain": Domain("state", "in", ["running", "to_renew"]),
                },
                "ended": {
                    "label": env._("Ended"),
                    "domain": Domain("state", "in", ["expired", "closed"]),
                },
            },
            {
                "all": {
                    "input": "all",
                    "label": env._("Search in all"),
                    "fields": ["number", "name"],
                },
            },
        )

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_care_contracts(self, page=1, **kwargs):
        contracts, values = self._care_list_values(
            "crm.care.contract",
            self._care_contract_domain(),
            "/my/contracts",
            self._care_contract_searchbar(),
            page,
            kwargs,
        )
        request.session["my_care_contracts_history"] = contracts.ids[:100]
        values.update({"contracts": contracts, "page_name": "care_contract"})
        return request.render("crm_care.portal_my_care_contracts", values)

    @http.route(
        ["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True
    )
    def portal_my_care_contract(
        self, contract_id, access_token=None, report_type=None, download=False, **kw
    ):
        if report_type in ("html", "pdf", "text"):
            try:
                contract_sudo = self._document_check_access(
                    "crm.care.contract", contract_id, access_token
                )
            except (AccessError, MissingError):
                return request.redirect("/my")
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref="crm_care.action_report_crm_care_contract",
                download=download,
            )
        return self._care_document_page(
            "crm.care.contract", contract_id, access_token, "contract"
        )

    def _care_document_page(self, model, record_id, access_token, kind):
        """The portal page of a ticket or contract (``kind``) the visitor may see
        (their own, or with its access token); else back to /my."""
        try:
            record_sudo = self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            record_sudo,
            access_token,
            {kind: record_sudo, "page_name": f"care_{kind}"},
            f"my_care_{kind}s_history",
            False,
        )
        return request.render(f"crm_care.portal_my_care_{kind}", values)

    @http.route(
        ["/my/contracts/<int:contract_id>/accept"],
        type="jsonrpc",
        auth="public",
        website=True,
    )
    def portal_accept_care_contract(
        self, contract_id, access_token=None, name=None, signature=None
    ):
        try:
            contract_sudo = self._document_check_access(
                "crm.care.contract", contract_id, access_token
            )
        except (AccessError, MissingError):
            return {"error": request.env._("This contract is not yours to accept.")}
        try:
            contract_sudo._customer_accept(name, signature)
        except UserError as error:
            return {"error": str(error)}
        return {
            "force_refresh": True,
            "redirect_url": contract_sudo.get_portal_url(),
        }
