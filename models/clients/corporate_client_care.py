from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .corporate_greeting import occasion_date

DELIVERY_ZONES = [
    ("local", "Local"),
    ("regional", "Regional"),
    ("national", "National"),
    ("remote", "Remote"),
]
# Share of a client's turnover left once delivery costs are paid (R10: distance).
ZONE_FACTORS = {"local": 1.0, "regional": 0.95, "national": 0.9, "remote": 0.8}
# An overdue share of 100 % halves the value of the turnover (R10: ability to pay).
OVERDUE_PENALTY = 0.5
ABC_A_SHARE = 0.80
ABC_B_SHARE = 0.95
ABC_FIELDS = {
    "abc_class",
    "abc_date",
    "abc_turnover",
    "abc_overdue_share",
    "abc_value",
}


class CorporateClient(models.Model):
    _inherit = "corporate.client"

    # ------------------------------------------------------------------ complaints (R24)
    complaint_ids = fields.One2many(
        "corporate.complaint",
        "client_id",
        string="Complaints",
        groups="corporate_client.group_account_manager",
    )
    complaint_count = fields.Integer(
        compute="_compute_care_counts", groups="corporate_client.group_account_manager"
    )
    open_complaint_count = fields.Integer(
        string="Open complaints",
        compute="_compute_care_counts",
        groups="corporate_client.group_account_manager",
    )
    greeting_count = fields.Integer(
        compute="_compute_care_counts", groups="corporate_client.group_account_manager"
    )
    invitation_count = fields.Integer(
        compute="_compute_care_counts", groups="corporate_client.group_account_manager"
    )

    # ------------------------------------------------------------------ special scheme (R22)
    special_scheme = fields.Boolean(
        string="Special scheme",
        tracking=True,
        groups="corporate_client.group_account_manager",
        help="The client gets the special scheme of the most profitable clients.",
    )
    special_conditions = fields.Text(
        string="Special contract conditions", groups="corporate_client.group_account_manager"
    )
    discount_system = fields.Text(groups="corporate_client.group_account_manager")
    individual_service = fields.Text(groups="corporate_client.group_account_manager")
    accelerated_deadlines = fields.Text(
        string="Accelerated deadlines", groups="corporate_client.group_account_manager"
    )

    # ------------------------------------------------------------------ profitability (R10)
    delivery_zone = fields.Selection(
        DELIVERY_ZONES,
        tracking=True,
        help="Distance of delivery: the farther, the less a turnover is worth.",
    )
    abc_class = fields.Selection(
        [("A", "Class A"), ("B", "Class B"), ("C", "Class C")],
        string="ABC class",
        readonly=True,
        tracking=True,
        index=True,
        help="Monthly: A = the clients making 80 % of the adjusted turnover, B the next "
        "15 %, C the rest.",
    )
    abc_date = fields.Date(string="Classified on", readonly=True)
    abc_currency_id = fields.Many2one("res.currency", compute="_compute_abc_currency_id")
    abc_turnover = fields.Monetary(
        string="Turnover (12 months)", currency_field="abc_currency_id", readonly=True
    )
    abc_overdue_share = fields.Float(
        string="Overdue share (%)",
        readonly=True,
        digits=(16, 1),
        help="Overdue receivables as a share of the 12 months' invoiced amount.",
    )
    abc_value = fields.Monetary(
        string="Adjusted value",
        currency_field="abc_currency_id",
        readonly=True,
        help="Turnover adjusted for payment discipline and delivery zone.",
    )

    # ------------------------------------------------------------------ lost deals (R13)
    lost_to_competitor_id = fields.Many2one(
        "res.partner",
        string="Lost to competitor",
        domain=[("is_competitor", "=", True)],
        tracking=True,
        index="btree_not_null",
        groups="corporate_client.group_account_manager",
    )
    lost_reason = fields.Text(groups="corporate_client.group_account_manager")
    lost_date = fields.Date(readonly=True, copy=False)

    def _compute_abc_currency_id(self):
        for card in self:
            card.abc_currency_id = (card.company_id or self.env.company).currency_id

    def _compute_care_counts(self):
        complaints = self.env["corporate.complaint"]._read_group(
            [("client_id", "in", self.ids)], ["client_id", "state"], ["__count"]
        )
        total, open_ = {}, {}
        for client, state, count in complaints:
            total[client.id] = total.get(client.id, 0) + count
            if state in ("new", "in_progress"):
                open_[client.id] = open_.get(client.id, 0) + count
        greetings = dict(
            self.env["corporate.greeting"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        invitations = dict(
            self.env["corporate.event.invitation"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for card in self:
            card.complaint_count = total.get(card.id, 0)
            card.open_complaint_count = open_.get(card.id, 0)
            card.greeting_count = greetings.get(card, 0)
            card.invitation_count = invitations.get(card, 0)

    @api.model
    def _corporate_technical_fields(self):
        # The monthly classification is no edit of the card (R6 freshness).
        return super()._corporate_technical_fields() | ABC_FIELDS

    @api.model
    def _corporate_guarded_fields(self):
        # The monthly classification (as superuser) alone sets the class.
        return super()._corporate_guarded_fields() | ABC_FIELDS

    def _corporate_stamps(self, vals):
        # The day a client is lost (R13), cleared when it comes back.
        stamps = super()._corporate_stamps(vals)
        if "stage" in vals:
            lost = vals["stage"] == "lost"
            stamps["lost_date"] = fields.Date.context_today(self) if lost else False
        return stamps

    # ------------------------------------------------------------------ smart buttons
    def _care_action(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("client_id", "=", self.id)],
            "context": {"default_client_id": self.id},
        }

    def action_open_complaints(self):
        return self._care_action("corporate.complaint", self.env._("Complaints"))

    def action_open_greetings(self):
        return self._care_action("corporate.greeting", self.env._("Greetings"))

    def action_open_invitations(self):
        return self._care_action("corporate.event.invitation", self.env._("Invitations"))

    # ------------------------------------------------------------------ greetings (R14)
    def _greeting_occasions(self, date_from, date_to, holidays=None):
        """Occasions to greet this client for, falling between two dates inclusive.

        Each is a dict: occasion, date, key (unique per occasion and year), and
        contact_id or holiday_id.
        """
        self.ensure_one()
        card = self.sudo()
        Greeting = self.env["corporate.greeting"]
        if holidays is None:
            holidays = self.env["corporate.holiday"].search([])
        holidays = holidays.filtered(lambda h: h._applies_to(card))
        contacts = card.child_ids.filtered(lambda c: c.birthday and c.type == "contact")
        occasions = []
        for year in range(date_from.year, date_to.year + 1):
            if card.founding_date and card.founding_date.year < year:
                day = occasion_date(card.founding_date.month, card.founding_date.day, year)
                occasions.append(
                    {
                        "occasion": "founding",
                        "date": day,
                        "key": Greeting._occasion_key("founding", year),
                    }
                )
            for contact in contacts:
                day = occasion_date(contact.birthday.month, contact.birthday.day, year)
                occasions.append(
                    {
                        "occasion": "birthday",
                        "date": day,
                        "contact_id": contact.id,
                        "key": Greeting._occasion_key("birthday", year, contact=contact),
                    }
                )
            for holiday in holidays:
                day = occasion_date(holiday.month_number, holiday.day, year)
                occasions.append(
                    {
                        "occasion": "holiday",
                        "date": day,
                        "holiday_id": holiday.id,
                        "key": Greeting._occasion_key("holiday", year, holiday=holiday),
                    }
                )
        return [o for o in occasions if date_from <= o["date"] <= date_to]

    # ------------------------------------------------------------------ ABC (R10)
    @api.model
    def _abc_classify(self, values):
        """{key: value} -> {key: 'A' | 'B' | 'C'}.

        Sorted by decreasing value, a client is A while the clients before it
        make less than 80 % of the total, B below 95 %, C after that; a client
        without positive value is C.
        """
        total = sum(value for value in values.values() if value > 0)
        result, cumulative = {}, 0.0
        for key, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
            if value <= 0 or not total:
                result[key] = "C"
                continue
            before = cumulative / total
            if before < ABC_A_SHARE - 1e-9:
                result[key] = "A"
            elif before < ABC_B_SHARE - 1e-9:
                result[key] = "B"
            else:
                result[key] = "C"
            cumulative += value
        return result

    @api.model
    def _abc_adjusted_value(self, turnover, overdue_share, zone):
        """Turnover weighted by payment discipline (share overdue, 0..1) and distance."""
        discipline = 1.0 - OVERDUE_PENALTY * min(1.0, max(0.0, overdue_share))
        return turnover * discipline * ZONE_FACTORS.get(zone or "local", 1.0)

    def _abc_figures(self, today):
        """{card id: (turnover, overdue share 0..1)} over the 12 months before today.

        The turnover is ``account.move._corporate_turnover``; the overdue share is
        what the card's invoices are overdue by on ``today``
        (``corporate.receivable.report._overdue_invoices``, as the collection
        job sees it) over the 12 months' invoiced total, taxes included.
        """
        partners = self.partner_id.commercial_partner_id
        invoiced = self.env["account.move"]._corporate_turnover(
            partners.ids, today - relativedelta(months=12) + timedelta(days=1), today
        )
        overdue = {
            (partner.id, company.id): amount
            for partner, company, amount in self.env[
                "corporate.receivable.report"
            ]._overdue_invoices(
                today, ["partner_id", "company_id"], [("partner_id", "in", partners.ids)]
            )
        }
        figures = {}
        for card in self:
            key = (card.partner_id.commercial_partner_id.id, card._abc_company().id)
            untaxed, total = invoiced.get(key, (0.0, 0.0))
            late = overdue.get(key, 0.0)
            share = min(1.0, late / total) if total > 0 else (1.0 if late > 0 else 0.0)
            figures[card.id] = (untaxed, share)
        return figures

    def _abc_company(self):
        self.ensure_one()
        return self.company_id or self.env.company

    def _compute_abc(self, today=None):
        """Classify the cards of ``self`` (per company) and store the result."""
        today = today or fields.Date.context_today(self)
        cards = self.sudo()
        figures = cards._abc_figures(today)
        by_company = defaultdict(list)
        for card in cards:
            by_company[card._abc_company()].append(card.id)
        for company_card_ids in by_company.values():
            company_cards = cards.browse(company_card_ids)
            values = {
                card.id: self._abc_adjusted_value(*figures[card.id], card.delivery_zone)
                for card in company_cards
            }
            classes = self._abc_classify(values)
            unchanged = []
            for card in company_cards:
                turnover, share = figures[card.id]
                vals = {
                    "abc_class": classes[card.id],
                    "abc_date": today,
                    "abc_turnover": turnover,
                    "abc_overdue_share": round(share * 100, 1),
                    "abc_value": values[card.id],
                }
                if card.abc_class != vals["abc_class"]:
                    card.write(vals)  # a new class is tracked in the chatter
                else:
                    unchanged.append((card, vals))
            self._abc_store(unchanged)
        return True

    @api.model
    def _abc_store(self, cards_vals):
        """Store the figures of cards whose class stays, in one UPDATE.

        Nothing is tracked or recomputed from them (they are technical fields
        of the card): the monthly cron writes 5,000 cards in one query instead
        of 5,000 ORM writes.
        """
        if not cards_vals:
            return
        self.flush_model(ABC_FIELDS)
        rows = [
            (
                card.id,
                vals["abc_date"],
                card.abc_currency_id.round(vals["abc_turnover"]),
                vals["abc_overdue_share"],
                card.abc_currency_id.round(vals["abc_value"]),
            )
            for card, vals in cards_vals
        ]
        ids, dates, turnovers, shares, abc_values = (
            list(column) for column in zip(*rows, strict=False)
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE corporate_client c
                   SET abc_date = v.abc_date, abc_turnover = v.abc_turnover,
                       abc_overdue_share = v.abc_overdue_share, abc_value = v.abc_value,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM unnest(%(ids)s::int[], %(dates)s::date[], %(turnovers)s::numeric[],
                              %(shares)s::numeric[], %(values)s::numeric[])
                       AS v(id, abc_date, abc_turnover, abc_overdue_share, abc_value)
                 WHERE c.id = v.id
                """,
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=ids,
                dates=dates,
                turnovers=turnovers,
                shares=shares,
                values=abc_values,
            )
        )
        self.browse(ids).invalidate_recordset(
            [
                "abc_date",
                "abc_turnover",
                "abc_overdue_share",
                "abc_value",
                "write_uid",
                "write_date",
            ]
        )

    @api.model
    def _cron_compute_abc(self):
        """Monthly: ABC class of every client card, as of the company's today."""
        return self.sudo().search([])._compute_abc(self.env.company._corporate_today())

    def action_compute_abc(self):
        """Department heads recompute the classification of all clients now."""
        if not self.env.user.has_group("corporate_client.group_department_head"):
            raise AccessError(
                self.env._("Only department heads and the director recompute the ABC classes.")
            )
        self.env["corporate.client"].sudo().search([])._compute_abc()
        return True
