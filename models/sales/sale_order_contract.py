from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Contract, credit and reliability checks at confirmation (R8, R12, R21)."""

    _name = "sale.order"
    _inherit = ["sale.order", "corporate.access.guard"]
    # The head's approval of a risky client's order: through the actions only.
    _corporate_workflow_fields = ("corporate_approval_state", "corporate_approved_by_id")

    corporate_client_id = fields.Many2one(
        "corporate.client",
        string="Client card",
        compute="_compute_corporate_contract",
        compute_sudo=True,
    )
    corporate_contract_id = fields.Many2one(
        "corporate.contract",
        string="Contract",
        compute="_compute_corporate_contract",
        compute_sudo=True,
        help="The client's contract in force.",
    )
    corporate_order_warning = fields.Text(
        string="Corporate checks", compute="_compute_corporate_order_warning"
    )
    corporate_approval_state = fields.Selection(
        [("requested", "Approval requested"), ("approved", "Approved")],
        string="Head's approval",
        copy=False,
        tracking=True,
    )
    corporate_approved_by_id = fields.Many2one(
        "res.users", string="Approved by", copy=False, readonly=True
    )
    corporate_needs_approval = fields.Boolean(compute="_compute_corporate_order_warning")

    @api.depends("partner_id")
    def _compute_corporate_contract(self):
        for order in self:
            card = order.partner_id.commercial_partner_id.corporate_client_ids[:1]
            order.corporate_client_id = card
            order.corporate_contract_id = card.active_contract_id

    @api.depends("partner_id", "amount_total", "state", "corporate_approval_state")
    def _compute_corporate_order_warning(self):
        for order in self:
            issues = order._corporate_issues() if order.state in ("draft", "sent") else []
            order.corporate_order_warning = "\n".join(message for _kind, _mode, message in issues)
            order.corporate_needs_approval = any(
                kind == "risky" and mode == "approval" for kind, mode, _msg in issues
            )

    def _corporate_issues(self):
        """[(kind, mode, message)] of the checks this order fails; mode warn/block."""
        self.ensure_one()
        card = self.sudo().partner_id.commercial_partner_id.corporate_client_ids[:1]
        if not card:
            return []
        company = self.company_id or self.env.company
        card = card.with_company(company)
        # Whoever may not read the card (another manager, a retail salesperson,
        # a warehouse user) learns what to do, not the client's confidential data
        # (contracts, receivables, reliability).
        confidential = not card.with_user(self.env.user).has_access("read")
        issues = []
        mode = company.corporate_contract_check
        if mode != "none" and not card.active_contract_id:
            last = card.contract_ids.filtered(lambda c: c.date_signed)[:1]
            if confidential:
                message = self.env._(
                    "%(client)s has no contract in force: its account manager has one "
                    "signed before orders are confirmed.",
                    client=card.name,
                )
            elif last:
                message = self.env._(
                    "The contract %(contract)s with %(client)s is no longer in force "
                    "(%(state)s, end %(end)s): renew it (Contracts, 'Renew') and have it "
                    "signed before confirming.",
                    contract=last.name,
                    client=card.name,
                    state=dict(last._fields["state"]._description_selection(self.env))[last.state],
                    end=last.date_end or "-",
                )
            else:
                message = self.env._(
                    "%(client)s has no signed contract: create one in Contracts and sign it "
                    "before confirming orders.",
                    client=card.name,
                )
            issues.append(("contract", mode, message))
        mode = company.corporate_credit_check
        limit = card.corporate_credit_limit
        if mode != "none" and limit > 0:
            exposure = card.receivable_total + self._corporate_uninvoiced(card.partner_id)
            if self.state in ("draft", "sent"):
                exposure += self.amount_total / (self.currency_rate or 1.0)
            if company.currency_id.compare_amounts(exposure, limit) > 0 and confidential:
                issues.append(
                    (
                        "credit",
                        mode,
                        self.env._(
                            "With this order %(client)s would go beyond its credit limit: "
                            "ask its account manager.",
                            client=card.name,
                        ),
                    )
                )
            elif company.currency_id.compare_amounts(exposure, limit) > 0:
                issues.append(
                    (
                        "credit",
                        mode,
                        self.env._(
                            "%(client)s would owe %(exposure)s with this order, above its "
                            "credit limit of %(limit)s (overdue: %(overdue)s): ask the client "
                            "to pay, take a prepayment, or have the limit raised by a new "
                            "contract.",
                            client=card.name,
                            exposure=company.currency_id.format(exposure),
                            limit=company.currency_id.format(limit),
                            overdue=company.currency_id.format(card.receivable_overdue),
                        ),
                    )
                )
        approval = company.corporate_risky_approval_mode
        if (
            approval != "off"
            and card.reliability_class == "risky"
            and self.corporate_approval_state != "approved"
        ):
            approver, fallback = self._corporate_approvers(card)
            if approval == "notify":
                message = self.env._(
                    "%(client)s is rated risky: %(approver)s will be told when the order "
                    "is confirmed.",
                    client=card.name,
                    approver=self._corporate_approver_label(approver, fallback),
                )
            elif confidential:
                message = self.env._(
                    "The order needs the approval of %(approver)s for %(client)s "
                    "('Request approval').",
                    approver=self._corporate_approver_label(approver, fallback),
                    client=card.name,
                )
            else:
                message = self.env._(
                    "%(client)s is rated risky (reliability %(score)s/100): the order "
                    "needs the approval of %(approver)s ('Request approval').",
                    client=card.name,
                    score=card.reliability_score,
                    approver=self._corporate_approver_label(approver, fallback),
                )
            issues.append(("risky", "notify" if approval == "notify" else "approval", message))
        return issues

    def _corporate_uninvoiced(self, partner):
        """Amount still to invoice on other confirmed orders, in company currency."""
        others = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partner.id),
                    ("state", "=", "sale"),
                    ("company_id", "=", (self.company_id or self.env.company).id),
                    ("id", "not in", self.ids),
                ]
            )
        )
        return sum(order.amount_to_invoice / (order.currency_rate or 1.0) for order in others)

    @api.model
    def _corporate_approvers(self, card):
        """(users, fallback) who approve the risky orders of ``card``.

        The head of the card's department; a card without a department (or a
        department without a head: converted customers, say) falls back to the
        directors, so that no order waits for an approver who does not exist.
        """
        head = card.sudo().team_id.user_id
        if head:
            return head, False
        company = card.sudo().company_id or self.env.company
        directors = (
            self.env.ref("corporate_client.group_director")
            .sudo()
            .users.filtered(
                lambda u: u.active and not u._is_superuser() and company in u.company_ids
            )
            .sorted("id")
        )
        return directors, True

    @api.model
    def _corporate_approver_label(self, approvers, fallback):
        names = ", ".join(approvers.sudo().mapped("name")) or self.env._("the director")
        if fallback:
            return self.env._(
                "the director (%(names)s), as the client has no department head",
                names=names,
            )
        return self.env._("the department head %(name)s", name=names)

    def _corporate_as_author(self):
        """``self`` in an environment that may post notes and schedule activities.

        Odoo refuses to post or notify as a user without an email address: the
        flow's own notes are then written by OdooBot, so that any salesperson
        can confirm and request approval.
        """
        if self.env.user.email:
            return self
        return self.with_user(SUPERUSER_ID)

    def _corporate_can_approve(self, card):
        user = self.env.user
        if user.has_group("corporate_client.group_director"):
            return True
        approvers, _fallback = self._corporate_approvers(card)
        return user.has_group("corporate_client.group_department_head") and user in approvers

    def action_confirm(self):
        warnings = {}
        notify = {}
        for order in self:
            issues = order._corporate_issues()
            blocking = [msg for _kind, mode, msg in issues if mode == "block"]
            if blocking:
                raise UserError("\n".join(blocking))
            risky = [msg for kind, mode, msg in issues if kind == "risky" and mode == "approval"]
            if risky:
                card = order.corporate_client_id.sudo()
                if not order._corporate_can_approve(card):
                    raise UserError(
                        self.env._(
                            "%(reason)s The order %(order)s cannot be confirmed before.",
                            reason=risky[0],
                            order=order.name,
                        )
                    )
                order._corporate_mark_approved()
            if any(kind == "risky" and mode == "notify" for kind, mode, _msg in issues):
                notify[order] = order._corporate_approvers(order.corporate_client_id)
            warnings[order] = [msg for _kind, mode, msg in issues if mode == "warn"]
        res = super().action_confirm()
        confirmed = self.filtered(lambda o: o.state == "sale")
        for order, messages in warnings.items():
            if messages and order in confirmed:
                order._corporate_as_author().message_post(
                    body=self.env._("Confirmed despite: %s", " ".join(messages)),
                    subtype_xmlid="mail.mt_note",
                )
        for order, (approvers, fallback) in notify.items():
            if order not in confirmed or not approvers:
                continue
            client = order.partner_id.commercial_partner_id
            if fallback:
                body = self.env._(
                    "Order %(order)s of %(client)s, a client rated risky, was confirmed by "
                    "%(user)s. The client has no department head: the director is told.",
                    order=order.name,
                    client=client.name,
                    user=self.env.user.name,
                )
            else:
                body = self.env._(
                    "Order %(order)s of %(client)s, a client rated risky, was confirmed by "
                    "%(user)s: the department head is told.",
                    order=order.name,
                    client=client.name,
                    user=self.env.user.name,
                )
            order._corporate_as_author().sudo().message_post(
                body=body,
                partner_ids=approvers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return res

    def action_corporate_request_approval(self):
        activity_type = self.env.ref("corporate_client.mail_activity_type_order_approval")
        for order in self:
            # The card stays confidential: only who approves is read, as the system.
            approvers, fallback = order._corporate_approvers(order.sudo().corporate_client_id)
            if not approvers:
                raise UserError(
                    self.env._(
                        "%s has no department head and the company has no director to "
                        "approve the order: ask the administrator to give someone the "
                        "Director role, or set the department of the client card.",
                        order.partner_id.commercial_partner_id.name,
                    )
                )
            author = order._corporate_as_author().sudo()
            for approver in approvers:
                if fallback:
                    summary = order.with_context(lang=approver.lang).env._(
                        "Approve order %s of a risky client (no department head: "
                        "asked to the director)",
                        order.name,
                    )
                else:
                    summary = order.with_context(lang=approver.lang).env._(
                        "Approve order %s of a risky client", order.name
                    )
                author.activity_schedule(
                    activity_type_id=activity_type.id, user_id=approver.id, summary=summary
                )
            order._corporate_workflow_write({"corporate_approval_state": "requested"})
        return True

    def action_corporate_approve(self):
        for order in self:
            if not order._corporate_can_approve(order.sudo().corporate_client_id):
                raise UserError(
                    self.env._(
                        "Only the client's department head or the director can approve %s.",
                        order.name,
                    )
                )
            order._corporate_mark_approved()
        return True

    def _corporate_mark_approved(self):
        self._corporate_workflow_write(
            {"corporate_approval_state": "approved", "corporate_approved_by_id": self.env.uid}
        )
        self._corporate_as_author().sudo().activity_feedback(
            ["corporate_client.mail_activity_type_order_approval"],
            feedback=self.env._("Approved"),
        )
