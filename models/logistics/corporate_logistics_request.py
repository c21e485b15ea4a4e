from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("submitted", "in_progress")
GROUP_MANAGER = "corporate_client.group_account_manager"
GROUP_LOGISTICS = "stock.group_stock_user"


class CorporateLogisticsRequest(models.Model):
    """A supply request sent by an account manager to logistics (R28).

    Logistics users are not in the corporate groups and cannot read client
    cards: everything they need (the client company, the authorised person,
    the account manager, the department) is stored on the request itself, and
    the card link carries the account manager group.
    """

    _name = "corporate.logistics.request"
    _description = "Supply Request"
    _inherit = ["corporate.client.document", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # Submitted by the manager, processed by logistics: only through the actions.
    _corporate_workflow_fields = ("state", "date_submitted")

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="New", index=True
    )
    client_id = fields.Many2one(ondelete="restrict", groups=GROUP_MANAGER)
    partner_id = fields.Many2one(
        string="Client", help="The client company (basic partner data, visible to logistics)."
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Authorised person",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        tracking=True,
        domain="[('parent_id', '=', partner_id), ('is_company', '=', False)]",
        help="The client's person authorised to decide on supplies: by default the "
        "card's supply approver, else its decision maker.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    logistics_user_id = fields.Many2one(
        "res.users",
        string="Logistics manager",
        default=lambda self: self.env.company.corporate_logistics_user_id,
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref(GROUP_LOGISTICS).ids),
        ],
        tracking=True,
        index=True,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
        help="The warehouse the products are needed in.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', partner_id)]",
    )
    line_ids = fields.One2many(
        "corporate.logistics.request.line", "request_id", string="Products", copy=True
    )
    state = fields.Selection(
        REQUEST_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_state",
    )
    clarified = fields.Boolean(
        string="Details clarified with the buyer",
        tracking=True,
        copy=False,
        help="Products, quantities, dates and delivery terms were agreed with the "
        "client's authorised person.",
    )
    clarification_note = fields.Text(
        string="Agreed details",
        help="What the buyer confirmed: delivery address, packing, acceptable "
        "substitutes, partial deliveries...",
    )
    involve_production = fields.Boolean(
        string="Involve production specialists",
        help="On submission, the production specialists (Corporate Clients settings) "
        "follow the request.",
    )
    refusal_reason = fields.Text(copy=False, tracking=True)
    date_submitted = fields.Datetime(readonly=True, copy=False)
    procurement_group_id = fields.Many2one(
        "procurement.group", readonly=True, copy=False, string="Procurement group"
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    back_in_stock = fields.Boolean(
        compute="_compute_back_in_stock",
        store=True,
        help="Every requested quantity is available again in the warehouse.",
    )

    # ------------------------------------------------------------------ computes
    @api.model
    def _group_expand_state(self, states, domain):
        return [key for key, _label in REQUEST_STATES]

    def _corporate_readable_client(self):
        """The request's card; in a form not saved yet (an onchange), only if
        the user (not the superuser these stored computes run as) may read
        it: an onchange must not answer with the decision maker or the manager
        of someone else's client.  A saved request was created on a client
        the user may read (its rules), whoever flushes the computation."""
        self.ensure_one()
        if self.id:
            return self.client_id
        return self.client_id.with_env(self.env(su=False))._filtered_access("read")

    @api.depends("client_id")
    def _compute_contact_id(self):
        for request in self:
            client = request._corporate_readable_client()
            request.contact_id = client.sudo()._corporate_supply_contact()

    @api.depends("client_id")
    def _compute_user_id(self):
        for request in self:
            client = request._corporate_readable_client()
            request.user_id = client.sudo().user_id or request.user_id or self.env.user

    def _compute_picking_count(self):
        for request in self:
            request.picking_count = len(request._pickings())

    @api.depends("line_ids.back_in_stock")
    def _compute_back_in_stock(self):
        for request in self:
            request.back_in_stock = bool(request.line_ids) and all(
                request.line_ids.mapped("back_in_stock")
            )

    def _pickings(self):
        self.ensure_one()
        if not self.procurement_group_id:
            return self.env["stock.picking"]
        return self.env["stock.picking"].search([("group_id", "=", self.procurement_group_id.id)])

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["name"] = self.env["ir.sequence"].with_company(
                    company or self.env.company
                ).next_by_code("corporate.logistics.request") or self.env._("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(request.state not in ("draft", "cancelled") for request in self):
            raise UserError(self.env._("Only draft or cancelled supply requests can be deleted."))

    # ------------------------------------------------------------------ workflow
    def _check_role(self, group, action):
        if not self.env.user.has_group(group):
            raise UserError(
                self.env._(
                    "Only %(who)s can %(action)s a supply request.",
                    who=self.env._("account managers")
                    if group == GROUP_MANAGER
                    else self.env._("logistics users"),
                    action=action,
                )
            )

    def _check_state(self, states, action):
        for request in self:
            if request.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: it cannot be %(action)s.",
                        name=request.name,
                        state=dict(REQUEST_STATES)[request.state].lower(),
                        action=action,
                    )
                )

    def action_submit(self):
        """Send the request to the logistics manager (R28)."""
        self._check_role(GROUP_MANAGER, self.env._("submit"))
        self._check_state(("draft",), self.env._("submitted"))
        for request in self:
            if not request.line_ids:
                raise UserError(
                    self.env._("%s has no products: add what the client needs.", request.name)
                )
            if not request.clarified:
                raise UserError(
                    self.env._(
                        "Clarify the details of %s with the buyer (products, quantities, "
                        "dates, delivery) and tick 'Details clarified with the buyer' "
                        "before submitting.",
                        request.name,
                    )
                )
            if not request.logistics_user_id:
                raise UserError(
                    self.env._(
                        "Choose the logistics manager of %s (a default can be set in "
                        "the Corporate Clients settings).",
                        request.name,
                    )
                )
            request.line_ids._check_date_needed()
        activity_type = self.env.ref("corporate_client.mail_activity_type_supply_request")
        for request in self:
            request._corporate_workflow_write(
                {"state": "submitted", "date_submitted": fields.Datetime.now()}
            )
            followers = request.logistics_user_id.partner_id
            production = request.company_id.corporate_production_group_id
            if request.involve_production and production:
                followers |= production.sudo().users.filtered(lambda u: not u.share).partner_id
            request.message_subscribe(partner_ids=followers.ids)
            request.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=request.logistics_user_id.id,
                date_deadline=min(request.line_ids.mapped("date_needed")),
                summary=request.with_context(lang=request.logistics_user_id.lang).env._(
                    "Supply request from %s", request.user_id.name
                ),
            )
        return True

    def action_start(self):
        self._check_role(GROUP_LOGISTICS, self.env._("process"))
        self._check_state(("submitted",), self.env._("started"))
        self._corporate_workflow_write({"state": "in_progress"})
        return True

    def action_procure(self):
        """Run Odoo's procurement: the warehouse routes decide (RFQ, MO, transfer)."""
        self._check_role(GROUP_LOGISTICS, self.env._("procure"))
        self._check_state(OPEN_STATES, self.env._("procured"))
        ProcurementGroup = self.env["procurement.group"]
        for request in self:
            lines = request.line_ids.filtered(lambda line: not line.procured)
            if not lines:
                raise UserError(
                    self.env._("Every product of %s is already procured.", request.name)
                )
            services = lines.filtered(lambda line: line.product_id.type != "consu")
            if services:
                raise UserError(
                    self.env._(
                        "%(products)s cannot be procured: only goods go through the "
                        "warehouse. Remove the line or arrange the service with the "
                        "department providing it.",
                        products=", ".join(services.product_id.mapped("display_name")),
                    )
                )
            if not request.procurement_group_id:
                request._corporate_workflow_write(
                    {
                        "procurement_group_id": ProcurementGroup.create(
                            {"name": request.name, "move_type": "direct"}
                        ).id
                    }
                )
            ProcurementGroup.with_company(request.company_id).run(
                [line._prepare_procurement() for line in lines]
            )
            lines._corporate_workflow_write({"procured": True})
            request._corporate_workflow_write({"state": "in_progress"})
            pickings = request._pickings()
            request.activity_feedback(
                ["corporate_client.mail_activity_type_supply_request"],
                feedback=self.env._("Procurement launched."),
            )
            request.message_post(
                body=self.env._(
                    "Procurement launched for %(products)s%(docs)s.",
                    products=", ".join(lines.product_id.mapped("display_name")),
                    docs=self.env._(": %s", ", ".join(pickings.mapped("name"))) if pickings else "",
                )
            )
        return True

    def action_done(self):
        self._check_role(GROUP_LOGISTICS, self.env._("close"))
        self._check_state(OPEN_STATES, self.env._("closed"))
        self._corporate_workflow_write({"state": "done"})
        self.activity_feedback(
            ["corporate_client.mail_activity_type_supply_request"],
            feedback=self.env._("Supply request done."),
        )
        return True

    def action_refuse(self):
        self._check_role(GROUP_LOGISTICS, self.env._("refuse"))
        self._check_state(OPEN_STATES, self.env._("refused"))
        for request in self:
            if not request.refusal_reason:
                raise UserError(
                    self.env._(
                        "Give the reason for refusing %s: the account manager has to "
                        "explain it to the client.",
                        request.name,
                    )
                )
        self._corporate_workflow_write({"state": "refused"})
        self.activity_unlink(["corporate_client.mail_activity_type_supply_request"])
        for request in self:
            request.message_post(
                body=self.env._("Refused: %s", request.refusal_reason),
                partner_ids=request.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_cancel(self):
        self._check_role(GROUP_MANAGER, self.env._("cancel"))
        self._check_state(("draft", "submitted"), self.env._("cancelled"))
        self._corporate_workflow_write({"state": "cancelled"})
        self.activity_unlink(["corporate_client.mail_activity_type_supply_request"])
        return True

    def action_draft(self):
        self._check_role(GROUP_MANAGER, self.env._("reopen"))
        self._check_state(("refused", "cancelled"), self.env._("reset to draft"))
        self._corporate_workflow_write({"state": "draft", "clarified": False})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        pickings = self._pickings()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfers of %s", self.name),
            "res_model": "stock.picking",
            "domain": [("id", "in", pickings.ids)],
            "view_mode": "list,form",
        }
        if len(pickings) == 1:
            action.update(view_mode="form", res_id=pickings.id)
        return action

    # ------------------------------------------------------------------ back in stock
    def _notify_back_in_stock(self, lines):
        """R26: tell the account manager (and optionally the client) the goods are back."""
        self.ensure_one()
        summary = ", ".join(
            f"{line.product_id.display_name} ({line.quantity:g} {line.product_uom_id.name})"
            for line in lines
        )
        self.message_post(
            body=self.env._(
                "Back in stock in %(warehouse)s: %(products)s.",
                warehouse=self.warehouse_id.name,
                products=summary,
            ),
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        if self.user_id:
            self.activity_schedule(
                "corporate_client.mail_activity_type_back_in_stock",
                user_id=self.user_id.id,
                summary=self.with_context(lang=self.user_id.lang).env._(
                    "Tell %s the products are back in stock", self.partner_id.name
                ),
                note=summary,
            )
        recipient = self.contact_id or self.partner_id
        if self.company_id.corporate_back_in_stock_email and recipient.email:
            self.message_post_with_source(
                "corporate_client.mail_template_back_in_stock",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.user_id.partner_id.id or self.env.user.partner_id.id,
            )


class CorporateLogisticsRequestLine(models.Model):
    _name = "corporate.logistics.request.line"
    _description = "Supply Request Line"
    # Re-pointed to another request, a line is checked like a new one (guard).
    _inherit = ["corporate.access.guard"]
    _order = "request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "corporate.logistics.request", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    state = fields.Selection(related="request_id.state")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('consu', 'service'))]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    quantity = fields.Float(digits="Product Unit of Measure", required=True, default=1.0)
    product_qty = fields.Float(
        compute="_compute_product_qty",
        digits="Product Unit of Measure",
        help="The quantity in the product's unit.",
    )
    date_needed = fields.Date(
        string="Needed by",
        required=True,
        copy=False,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
    )
    note = fields.Char(string="Notes")
    route_id = fields.Many2one(
        "stock.route",
        domain="[('product_selectable', '=', True)]",
        check_company=True,
        help="Force a supply route; empty to let the product and warehouse routes decide.",
    )
    free_qty = fields.Float(
        string="Free now",
        compute="_compute_availability",
        digits="Product Unit of Measure",
        help="Free quantity in the request's warehouse, in the line's unit.",
    )
    expected_date = fields.Datetime(
        compute="_compute_availability",
        help="When the quantity will be available, from incoming moves; empty when unknown.",
    )
    procured = fields.Boolean(readonly=True, copy=False)
    back_in_stock = fields.Boolean(readonly=True, copy=False)
    back_in_stock_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("quantity", "product_uom_id", "product_id")
    def _compute_product_qty(self):
        for line in self:
            if line.product_id and line.product_uom_id:
                line.product_qty = line.product_uom_id._compute_quantity(
                    line.quantity, line.product_id.uom_id, round=False
                )
            else:
                line.product_qty = line.quantity

    @api.depends("product_id", "product_qty", "request_id.warehouse_id")
    def _compute_availability(self):
        for line in self:
            warehouse = line.request_id.warehouse_id
            if not (line.product_id.is_storable and warehouse):
                line.free_qty = 0.0
                line.expected_date = False
                continue
            free, date = line.product_id._corporate_availability(warehouse, line.product_qty)
            line.free_qty = line.product_id.uom_id._compute_quantity(
                free, line.product_uom_id or line.product_id.uom_id, round=False
            )
            line.expected_date = date

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if float_compare(line.quantity, 0.0, precision_digits=6) <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(product)s must be positive (got %(qty)s).",
                        product=line.product_id.display_name,
                        qty=line.quantity,
                    )
                )

    @api.constrains("date_needed")
    def _check_date_needed(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.date_needed < today:
                raise ValidationError(
                    self.env._(
                        "%(product)s is needed by %(date)s, which is in the past: agree a "
                        "new date with the buyer.",
                        product=line.product_id.display_name,
                        date=line.date_needed,
                    )
                )

    def _prepare_procurement(self):
        self.ensure_one()
        request = self.request_id
        date_planned = fields.Datetime.to_datetime(self.date_needed)
        values = {
            "warehouse_id": request.warehouse_id,
            "company_id": request.company_id,
            "date_planned": date_planned,
            "date_deadline": date_planned,
            "group_id": request.procurement_group_id,
        }
        if self.route_id:
            values["route_ids"] = self.route_id
        return self.env["procurement.group"].Procurement(
            self.product_id,
            self.quantity,
            self.product_uom_id,
            request.warehouse_id.lot_stock_id,
            self.product_id.display_name,
            request.name,
            request.company_id,
            values,
        )

    @api.model
    def _corporate_check_back_in_stock(self, products):
        """Flag the open request lines whose quantity is free again (R26).

        Called when goods arrive.  Per warehouse and product the free quantity
        is shared first come, first served (by submission date): quantities of
        lines already flagged and still open are taken first, then each waiting
        line is flagged while the remaining free quantity covers it.
        """
        lines = self.sudo().search(
            [
                ("product_id", "in", products.ids),
                ("request_id.state", "in", OPEN_STATES),
            ]
        )
        if not lines:
            return lines
        groups = defaultdict(lambda: self.sudo().browse())
        for line in lines.sorted(
            lambda ln: (ln.request_id.date_submitted or ln.create_date, ln.id)
        ):
            groups[(line.request_id.warehouse_id, line.product_id)] |= line
        flagged = self.sudo().browse()
        now = fields.Datetime.now()
        for (warehouse, product), group_lines in groups.items():
            rounding = product.uom_id.rounding
            remaining = product.with_context(warehouse_id=warehouse.id).free_qty
            remaining -= sum(group_lines.filtered("back_in_stock").mapped("product_qty"))
            for line in group_lines.filtered(lambda ln: not ln.back_in_stock):
                if float_compare(line.product_qty, remaining, precision_rounding=rounding) > 0:
                    break
                remaining -= line.product_qty
                flagged |= line
        flagged.write({"back_in_stock": True, "back_in_stock_date": now})
        for request in flagged.request_id:
            request._notify_back_in_stock(
                flagged.filtered(lambda ln, r=request: ln.request_id == r)
            )
        return flagged


class CorporateClient(models.Model):
    _inherit = "corporate.client"

    logistics_request_count = fields.Integer(
        string="Supply requests", compute="_compute_logistics_request_count", groups=GROUP_MANAGER
    )

    def _compute_logistics_request_count(self):
        counts = dict(
            self.env["corporate.logistics.request"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for card in self:
            card.logistics_request_count = counts.get(card, 0)

    def _corporate_supply_contact(self):
        """The client's person authorised to decide on supplies (R28).

        The supply approver of the card, else its decision maker.  Read as
        superuser: the roles are confidential, the person (a contact of the
        client) is not, and logistics needs to know whom to deal with.
        """
        roles = self.sudo().contact_role_ids
        role = (
            roles.filtered(lambda r: r.role == "supply_approver")[:1]
            or roles.filtered(lambda r: r.role == "decision_maker")[:1]
        )
        return role.contact_id.sudo(False)

    def action_view_logistics_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "corporate_client.action_corporate_logistics_request"
        )
        action.update(
            domain=[("client_id", "=", self.id)],
            context={"default_client_id": self.id},
        )
        return action

    def action_corporate_out_of_stock(self):
        """R26-R28 from the card: the manager picks the product and the quantity."""
        self.ensure_one()
        return self.env["corporate.out.of.stock.wizard"]._open({"client_id": self.id})
