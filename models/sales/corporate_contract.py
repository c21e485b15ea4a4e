from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("negotiation", "Negotiation"),
    ("signed", "Signed"),
    ("expired", "Expired"),
    ("terminated", "Terminated"),
]
# States of a contract that was signed at some point.
SIGNED_STATES = ("signed", "expired", "terminated")
RENEWAL_NOTICE_DAYS = 30


class CorporateContract(models.Model):
    """A contract with a corporate client (R8, R19, R21, R22).

    Signing it applies its terms (pricelist, payment term, credit limit) to the
    client and records whether it is a contract with a *new* client, which feeds
    the monthly "contracts with new clients" quota.
    """

    _name = "corporate.contract"
    _description = "Corporate Client Contract"
    _inherit = ["corporate.client.document", "mail.thread", "mail.activity.mixin"]
    _order = "date_signed desc, id desc"
    # Signed (and flagged new client), terminated... only through the actions.
    _corporate_workflow_fields = ("state", "is_new_client", "renewal_activity_date")

    name = fields.Char(
        string="Contract number", required=True, readonly=True, copy=False, default="/", index=True
    )
    client_id = fields.Many2one(ondelete="restrict", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        CONTRACT_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    date_signed = fields.Date(string="Signed on", copy=False, tracking=True)
    date_start = fields.Date(string="Start", tracking=True)
    date_end = fields.Date(string="End", tracking=True)
    # Terms (R8)
    pricelist_id = fields.Many2one(
        "product.pricelist", string="Price type", tracking=True, check_company=True
    )
    payment_term_id = fields.Many2one(
        "account.payment.term", string="Payment terms", tracking=True, check_company=True
    )
    credit_limit = fields.Monetary(tracking=True)
    discount = fields.Float(string="Discount (%)", digits="Discount", tracking=True)
    accelerated_deadlines = fields.Boolean(
        help="The client is entitled to accelerated delivery deadlines."
    )
    individual_service = fields.Boolean(
        help="The client is served individually (dedicated staff, custom logistics)."
    )
    special_conditions = fields.Text()
    negotiation_note = fields.Html(
        string="Negotiation notes",
        groups="corporate_client.group_account_manager",
        help="Goals, concessions and tactics: confidential.",
    )
    disagreement_ids = fields.One2many(
        "corporate.contract.disagreement",
        "contract_id",
        string="Disagreements",
        groups="corporate_client.group_account_manager",
    )
    open_disagreement_count = fields.Integer(
        compute="_compute_open_disagreement_count",
        groups="corporate_client.group_account_manager",
    )
    is_new_client = fields.Boolean(
        string="New client",
        readonly=True,
        copy=False,
        help="Set at signature: the client had no signed contract and no posted customer "
        "invoice before. Counts towards the monthly quota of contracts with new clients.",
    )
    is_active = fields.Boolean(
        string="In force", compute="_compute_is_active", help="Signed and within its period."
    )
    renewal_activity_date = fields.Date(
        copy=False, readonly=True, help="When the renewal activity was scheduled."
    )
    renewed_from_id = fields.Many2one("corporate.contract", string="Renews", copy=False)

    _sql_constraints = [
        (
            "discount_range",
            "CHECK(discount >= 0 AND discount <= 100)",
            "The discount is a percentage between 0 and 100.",
        ),
        (
            "credit_limit_positive",
            "CHECK(credit_limit >= 0)",
            "The credit limit cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("client_id")
    def _compute_user_id(self):
        for contract in self:
            if contract.client_id and (not contract.user_id or contract.state == "draft"):
                contract.user_id = contract.client_id.user_id
            else:
                contract.user_id = contract.user_id

    @api.depends("disagreement_ids.state")
    def _compute_open_disagreement_count(self):
        for contract in self:
            contract.open_disagreement_count = len(
                contract.disagreement_ids.filtered(lambda d: d.state == "open")
            )

    @api.depends("state", "date_start", "date_end")
    @api.depends_context("date")
    def _compute_is_active(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.is_active = contract._is_in_force(today)

    def _is_in_force(self, on_date):
        self.ensure_one()
        return (
            self.state == "signed"
            and (not self.date_start or self.date_start <= on_date)
            and (not self.date_end or self.date_end >= on_date)
        )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if (
                contract.date_start
                and contract.date_end
                and contract.date_end < contract.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The contract %(name)s ends (%(end)s) before it starts (%(start)s): "
                        "correct its dates.",
                        name=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("corporate.contract") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(c.state in SIGNED_STATES for c in self):
            raise UserError(
                self.env._(
                    "A signed contract cannot be deleted: terminate it instead (it stays "
                    "in the client's history)."
                )
            )

    # ------------------------------------------------------------------ actions
    def action_negotiate(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._("Only a draft contract can go to negotiation (%s).", contract.name)
                )
        self._corporate_workflow_write({"state": "negotiation"})
        self.client_id.filtered(lambda c: c.stage == "prospect").write({"stage": "negotiation"})
        return True

    def action_draft(self):
        for contract in self:
            if contract.state != "negotiation":
                raise UserError(
                    self.env._(
                        "Only a contract under negotiation can go back to draft (%s).",
                        contract.name,
                    )
                )
        self._corporate_workflow_write({"state": "draft"})
        return True

    def action_sign(self):
        """Sign: check, flag a new client, apply the terms to the client."""
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.state not in ("draft", "negotiation"):
                raise UserError(
                    self.env._("The contract %s is already signed or closed.", contract.name)
                )
            open_points = contract.sudo().disagreement_ids.filtered(lambda d: d.state == "open")
            if open_points:
                raise UserError(
                    self.env._(
                        "The contract %(name)s still has open disagreements (%(clauses)s): "
                        "record their resolution, or mark them dropped, before signing.",
                        name=contract.name,
                        clauses=", ".join(open_points.mapped("clause")),
                    )
                )
            date_signed = contract.date_signed or today
            date_start = contract.date_start or date_signed
            overlapping = self.search(
                [
                    ("id", "!=", contract.id),
                    ("client_id", "=", contract.client_id.id),
                    ("state", "=", "signed"),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", date_start),
                ]
            )
            if contract.date_end:
                overlapping = overlapping.filtered(
                    lambda c, end=contract.date_end: not c.date_start or c.date_start <= end
                )
            if overlapping:
                raise UserError(
                    self.env._(
                        "%(client)s already has the contract %(other)s in force over this "
                        "period: terminate it, or start the new contract after it ends.",
                        client=contract.client_id.name,
                        other=", ".join(overlapping.mapped("name")),
                    )
                )
            is_new = contract._compute_new_client(date_signed)
            contract._corporate_workflow_write(
                {
                    "state": "signed",
                    "date_signed": date_signed,
                    "date_start": date_start,
                    "is_new_client": is_new,
                }
            )
            contract._apply_terms()
            if contract.client_id.stage in ("prospect", "negotiation", "dormant"):
                contract.client_id.stage = "active"
        return True

    def _compute_new_client(self, date_signed):
        """True if the client had no signed contract and no posted invoice before."""
        self.ensure_one()
        earlier_contract = (
            self.sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("id", "!=", self.id),
                    ("client_id", "=", self.client_id.id),
                    ("state", "in", SIGNED_STATES),
                    ("date_signed", "<=", date_signed),
                ],
                limit=1,
            )
        )
        if earlier_contract:
            return False
        earlier_invoice = (
            self.env["account.move"]
            .sudo()
            .search_count(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("commercial_partner_id", "=", self.partner_id.id),
                    ("invoice_date", "<", date_signed),
                ],
                limit=1,
            )
        )
        return not earlier_invoice

    def _apply_terms(self):
        """Write the contract's terms on the client (company-dependent fields)."""
        for contract in self:
            partner = contract.partner_id.sudo().with_company(contract.company_id)
            vals = {}
            if contract.pricelist_id:
                vals["property_product_pricelist"] = contract.pricelist_id.id
            if contract.payment_term_id:
                vals["property_payment_term_id"] = contract.payment_term_id.id
            if contract.credit_limit:
                vals["credit_limit"] = contract.credit_limit
                vals["use_partner_credit_limit"] = True
            if vals:
                partner.write(vals)
            contract.client_id.message_post(
                body=self.env._(
                    "Contract %(name)s signed: price type %(pricelist)s, payment terms "
                    "%(term)s, credit limit %(limit)s applied.",
                    name=contract.name,
                    pricelist=contract.pricelist_id.display_name or "-",
                    term=contract.payment_term_id.display_name or "-",
                    limit=contract.credit_limit or "-",
                )
            )

    def action_terminate(self):
        for contract in self:
            if contract.state not in ("negotiation", "signed"):
                raise UserError(
                    self.env._(
                        "Only a contract under negotiation or signed can be terminated (%s).",
                        contract.name,
                    )
                )
        self._corporate_workflow_write({"state": "terminated"})
        return True

    def action_renew(self):
        """A draft renewal starting the day after this contract ends."""
        self.ensure_one()
        start = (self.date_end or fields.Date.context_today(self)) + timedelta(days=1)
        length = (self.date_end - self.date_start) if self.date_end and self.date_start else None
        renewal = self.copy(
            {
                "renewed_from_id": self.id,
                "date_start": start,
                "date_end": start + length if length is not None else False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ crons
    @api.model
    def _cron_contract_deadlines(self):
        """Expire ended contracts; renewal activity 30 days before the end (once)."""
        today = self.env.company._corporate_today()
        expired = self.search([("state", "=", "signed"), ("date_end", "<", today)])
        expired.write({"state": "expired"})
        activity_type = self.env.ref("corporate_client.mail_activity_type_contract_renewal")
        to_renew = self.search(
            [
                ("state", "=", "signed"),
                ("date_end", "!=", False),
                ("date_end", "<=", today + timedelta(days=RENEWAL_NOTICE_DAYS)),
                ("renewal_activity_date", "=", False),
            ]
        )
        for contract in to_renew:
            user = contract.user_id or contract.client_id.user_id or self.env.user
            env = contract.with_context(lang=user.lang).env
            contract.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today,
                user_id=user.id,
                summary=env._(
                    "Renew contract %(name)s with %(client)s (ends %(end)s)",
                    name=contract.name,
                    client=contract.client_id.name,
                    end=format_date(env, contract.date_end),
                ),
            )
        to_renew.write({"renewal_activity_date": today})
        return expired, to_renew

    # ------------------------------------------------------------------ metrics
    @api.model
    def _count_new_client_contracts(self, users, date_from, date_to):
        """{user_id: number of contracts with new clients signed in the period} (R19)."""
        groups = self.sudo()._read_group(
            [
                ("user_id", "in", users.ids),
                ("is_new_client", "=", True),
                ("state", "in", SIGNED_STATES),
                ("date_signed", ">=", date_from),
                ("date_signed", "<=", date_to),
            ],
            ["user_id"],
            ["__count"],
        )
        counts = {user.id: 0 for user in users}
        counts.update({user.id: count for user, count in groups})
        return counts

    # ------------------------------------------------------------------ demo
    @api.model
    def _demo_receivables(self):
        """Posted invoices for some demo clients, a few of them overdue (demo data only)."""
        company = self.env.company
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            return False
        product = self.env["product.product"].create(
            {
                "name": "Office supplies (demo)",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": False,
            }
        )
        today = fields.Date.context_today(self)
        # client xmlid: [(amount, days since the invoice, payment days)]
        plan = {
            "client_03": [(2500.0, 130, 30), (1800.0, 50, 30), (1200.0, 5, 30)],
            "client_05": [(900.0, 70, 30)],
            "client_10": [(4200.0, 20, 14), (600.0, 3, 30)],
            "client_17": [(3000.0, 100, 14), (750.0, 45, 30)],
            "client_20": [(1500.0, 10, 30)],
        }
        moves = self.env["account.move"]
        for xmlid, invoices in plan.items():
            card = self.env.ref(f"corporate_client.{xmlid}", raise_if_not_found=False)
            if not card:
                continue
            for amount, age, term in invoices:
                invoice_date = today - timedelta(days=age)
                moves |= moves.create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": card.partner_id.id,
                        "journal_id": journal.id,
                        "invoice_date": invoice_date,
                        "invoice_date_due": invoice_date + timedelta(days=term),
                        "invoice_user_id": card.user_id.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": 1,
                                    "price_unit": amount,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
        moves.action_post()
        return moves.ids
