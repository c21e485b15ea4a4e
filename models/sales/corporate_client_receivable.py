from collections import defaultdict
from datetime import timedelta

from babel.numbers import format_decimal
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

RELIABILITY_CLASSES = [
    ("reliable", "Reliable"),
    ("watch", "Watch"),
    ("risky", "Risky"),
]
# Class thresholds and factor weights are company settings (res.company:
# corporate_reliable_from, corporate_watch_from, corporate_weight_<factor>).
SEGMENT_SCORES = {"state": 100, "large": 90, "medium": 70, "small": 50}
# (minimum age in years, sub-score), oldest first.
AGE_SCORES = [(10, 100), (5, 80), (3, 60), (1, 40), (0, 20)]
# Days late on average at which the payment factor reaches 0.
DAYS_LATE_ZERO = 60
# The card's field of each aging bucket of ``corporate.receivable.report``, the
# one place that ages a journal item.
AGING_FIELDS = {
    "0_not_due": "receivable_not_due",
    "1_30": "receivable_1_30",
    "2_60": "receivable_31_60",
    "3_90": "receivable_61_90",
    "4_over_90": "receivable_over_90",
}
# The card's fields that the stored reliability score reads (with the stored
# score and class: see _compute_reliability).
RELIABILITY_READS = [
    "partner_id",
    "founding_date",
    "segment",
    "reliability_manual_score",
    "reliability_assessment_date",
    "reliability_score",
    "reliability_class",
]


class CorporateClient(models.Model):
    """Receivables (R9), contracts (R8) and the reliability forecast (R12) of the card.

    Nothing here is stored on the partner: every figure is computed at read time
    for the whole recordset with a fixed number of grouped queries.
    """

    _inherit = "corporate.client"

    contract_ids = fields.One2many("corporate.contract", "client_id", string="Contracts")
    contract_count = fields.Integer(compute="_compute_contract_info", compute_sudo=True)
    active_contract_id = fields.Many2one(
        "corporate.contract",
        string="Contract in force",
        compute="_compute_contract_info",
        compute_sudo=True,
    )
    receivable_currency_id = fields.Many2one(
        "res.currency", compute="_compute_receivable_currency_id"
    )
    receivable_total = fields.Monetary(
        string="Total receivable",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    receivable_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_receivables",
        compute_sudo=True,
        search="_search_receivable_overdue",
        currency_field="receivable_currency_id",
    )
    receivable_not_due = fields.Monetary(
        string="Not due",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    receivable_1_30 = fields.Monetary(
        string="1-30 days",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    receivable_31_60 = fields.Monetary(
        string="31-60 days",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    receivable_61_90 = fields.Monetary(
        string="61-90 days",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    receivable_over_90 = fields.Monetary(
        string="Over 90 days",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    receivable_oldest_overdue_days = fields.Integer(
        string="Oldest overdue (days)", compute="_compute_receivables", compute_sudo=True
    )
    receivable_avg_days_late = fields.Float(
        string="Average days late (12 months)",
        digits=(16, 1),
        compute="_compute_receivables",
        compute_sudo=True,
        help="Average over the invoice instalments due in the last 12 months: days "
        "between due date and full payment (0 if paid on time), or days overdue so "
        "far for those still open. Open overdue instalments count whatever their age.",
    )
    corporate_credit_limit = fields.Monetary(
        string="Credit limit",
        compute="_compute_receivables",
        compute_sudo=True,
        currency_field="receivable_currency_id",
    )
    credit_usage = fields.Float(
        string="Credit used",
        digits=(16, 3),
        compute="_compute_receivables",
        compute_sudo=True,
        help="Total receivable as a share of the credit limit (1 = 100 %).",
    )
    # Stored so that cards can be searched and grouped by class; recomputed
    # when what they depend on changes: the card's own data and complaints
    # (depends), receivables (invoices posted, cancelled, paid or matched:
    # _corporate_recompute_reliability), the company's settings, the credit
    # limit, and every day as payments grow late (cron).
    reliability_score = fields.Integer(
        compute="_compute_reliability",
        store=True,
        compute_sudo=True,
        help="0-100 forecast of the client's reliability and financial security, "
        "refreshed when invoices, payments, complaints, the card or the settings "
        "change and every night.",
    )
    reliability_class = fields.Selection(
        RELIABILITY_CLASSES,
        compute="_compute_reliability",
        store=True,
        index=True,
        compute_sudo=True,
        help="Reliable, watch or risky, from the score and the company's thresholds (Settings).",
    )
    reliability_explanation = fields.Html(
        compute="_compute_reliability_explanation", compute_sudo=True, sanitize=False
    )
    reliability_manual_score = fields.Integer(
        string="Manual assessment",
        tracking=True,
        help="Your own 0-100 assessment (security service, bank, references...).",
    )
    reliability_assessment_date = fields.Date(string="Assessed on", tracking=True)
    reliability_assessment_evidence = fields.Text(
        string="Evidence", help="What the manual assessment is based on."
    )
    reliability_assessed_by_id = fields.Many2one("res.users", string="Assessed by", readonly=True)

    @api.constrains("reliability_manual_score", "reliability_assessment_date")
    def _check_manual_assessment(self):
        for card in self:
            if not 0 <= card.reliability_manual_score <= 100:
                raise ValidationError(self.env._("A manual assessment is a score from 0 to 100."))
            if card.reliability_manual_score and not card.reliability_assessment_date:
                raise ValidationError(
                    self.env._(
                        "Give the date of the manual assessment of %s (and its evidence).",
                        card.name,
                    )
                )

    def _corporate_stamps(self, vals):
        # Who made the manual assessment.
        stamps = super()._corporate_stamps(vals)
        if {"reliability_manual_score", "reliability_assessment_date"} & set(vals):
            stamps["reliability_assessed_by_id"] = self.env.uid
        return stamps

    # ------------------------------------------------------------------ contracts
    def _compute_contract_info(self):
        Contract = self.env["corporate.contract"].sudo()
        counts = dict(
            Contract._read_group([("client_id", "in", self.ids)], ["client_id"], ["__count"])
        )
        today = fields.Date.context_today(self)
        in_force = Contract.search(
            [
                ("client_id", "in", self.ids),
                ("state", "=", "signed"),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            order="date_start desc, id desc",
        )
        by_client = {}
        for contract in in_force:
            by_client.setdefault(contract.client_id.id, contract)
        for card in self:
            card.contract_count = counts.get(card._origin, 0)
            card.active_contract_id = by_client.get(card._origin.id, Contract)

    def action_open_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "corporate_client.action_corporate_contract"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {"default_client_id": self.id}
        return action

    # ------------------------------------------------------------------ receivables
    @api.depends_context("company")
    def _compute_receivable_currency_id(self):
        for card in self:
            card.receivable_currency_id = self.env.company.currency_id

    def _receivable_data(self):
        """Receivable figures of every card of ``self``: two SQL aggregates.

        Returns {partner id: dict}. Amounts are in the company currency
        (``amount_residual``); days are counted from the due date.  The open
        items are those of ``corporate.receivable.report``, the one place that
        ages a journal item (due date, else the entry's date, as Odoo's Aged
        Receivable; unapplied credits included).
        """
        today = fields.Date.context_today(self)
        # _origin: a card being edited (onchange) has the figures of its saved self.
        data = {
            card.partner_id._origin.id: {
                "total": 0.0,
                "overdue": 0.0,
                "buckets": dict.fromkeys(AGING_FIELDS.values(), 0.0),
                "positive_total": 0.0,
                "positive_overdue": 0.0,
                "oldest_days": 0,
                "late_days_sum": 0,
                "late_count": 0,
                "history": False,
            }
            for card in self
        }
        partner_ids = [partner_id for partner_id in data if partner_id]
        if not partner_ids:
            return data
        company = self.env.company
        Aging = self.env["corporate.receivable.report"].sudo()
        bucket_sums = SQL(", ").join(
            SQL("COALESCE(SUM(r.amount_residual) FILTER (WHERE r.aging = %s), 0)", aging)
            for aging in AGING_FIELDS
        )
        # 1. Aging of every open item; the open debts alone (positive residual)
        #    give the overdue ratio, the oldest overdue and the days late so far.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.partner_id,
                       SUM(r.amount_residual),
                       COALESCE(SUM(r.amount_residual) FILTER (WHERE r.days_overdue > 0), 0),
                       COALESCE(SUM(r.amount_residual) FILTER (WHERE r.amount_residual > 0), 0),
                       COALESCE(SUM(r.amount_residual)
                                FILTER (WHERE r.amount_residual > 0 AND r.days_overdue > 0), 0),
                       COALESCE(MAX(r.days_overdue) FILTER (WHERE r.amount_residual > 0), 0),
                       COALESCE(SUM(r.days_overdue)
                                FILTER (WHERE r.amount_residual > 0 AND r.days_overdue > 0), 0),
                       COUNT(*) FILTER (WHERE r.amount_residual > 0 AND r.days_overdue > 0),
                       %(buckets)s
                  FROM %(report)s r
                 WHERE r.partner_id = ANY(%(partners)s) AND r.company_id = %(company)s
                 GROUP BY r.partner_id
                """,
                buckets=bucket_sums,
                report=Aging._table_sql,
                partners=partner_ids,
                company=company.id,
            )
        )
        for row in rows:
            partner_id, total, overdue, pos_total, pos_overdue, oldest, late_sum, late_n = row[:8]
            values = data[partner_id]
            values.update(
                total=total,
                overdue=overdue,
                positive_total=pos_total,
                positive_overdue=pos_overdue,
                oldest_days=oldest,
                late_days_sum=late_sum,
                late_count=late_n,
                history=True,
                buckets=dict(zip(AGING_FIELDS.values(), row[8:], strict=True)),
            )
        # 2. Invoice instalments paid in full and due within the last 12 months:
        #    paid on the latest date of their reconciliations.
        self.env.cr.execute(
            SQL(
                """
                SELECT aml.partner_id,
                       SUM(GREATEST(paid.paid_on - aml.date_maturity, 0)),
                       COUNT(*)
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN LATERAL (
                       SELECT MAX(apr.max_date) AS paid_on
                         FROM account_partial_reconcile apr
                        WHERE apr.debit_move_id = aml.id
                  ) paid ON paid.paid_on IS NOT NULL
                 WHERE aml.partner_id = ANY(%(partners)s)
                   AND aml.company_id = %(company)s
                   AND account.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND aml.reconciled
                   AND move.move_type = 'out_invoice'
                   AND aml.date_maturity >= %(since)s
                 GROUP BY aml.partner_id
                """,
                partners=partner_ids,
                company=company.id,
                since=today - timedelta(days=365),
            )
        )
        for partner_id, late_sum, late_n in self.env.cr.fetchall():
            values = data[partner_id]
            values["late_days_sum"] += late_sum
            values["late_count"] += late_n
            values["history"] = True
        return data

    def _complaint_counts(self):
        """Complaints opened in the last 12 months per card."""
        since = fields.Datetime.to_datetime(fields.Date.context_today(self) - timedelta(days=365))
        return {
            client.id: count
            for client, count in self.env["corporate.complaint"]
            .sudo()
            ._read_group(
                [
                    ("client_id", "in", self.ids),
                    ("date_opened", ">=", since),
                    ("state", "!=", "rejected"),
                ],
                ["client_id"],
                ["__count"],
            )
        }

    def _credit_limits(self):
        """{partner id: credit limit in the current company} of the cards, one query."""
        # The credit limit is an accounting field: what it gives is part of the score.
        partners = self.sudo().partner_id._origin.with_company(self.env.company)
        # Only this column: reading the field would prefetch every column of
        # the partners (0.13 s of the nightly score of 5,000 cards).
        partners.fetch(["credit_limit"])
        return {partner.id: partner.credit_limit or 0.0 for partner in partners}

    def _reliability_assessments(self, data=None, explain=True):
        """{card id: (factors, score, points lost per factor)} of every card, in batch.

        ``data``: the cards' ``_receivable_data()`` when the caller already has it;
        without ``explain`` the factors carry no words (see ``_reliability_factors``).
        """
        data = self._receivable_data() if data is None else data
        complaints = self._complaint_counts()
        limits = self._credit_limits()
        weights = self.env.company._corporate_reliability_weights()
        today = fields.Date.context_today(self)
        result = {}
        for card in self.sudo():
            partner_id = card.partner_id._origin.id
            factors = card._reliability_factors(
                data[partner_id],
                complaints.get(card.id, 0),
                limits.get(partner_id, 0.0),
                weights,
                today,
                explain=explain,
            )
            result[card.id] = (factors, *self._reliability_score(factors))
        return result

    @api.depends_context("company", "date")
    def _compute_receivables(self):
        data = self._receivable_data()
        limits = self._credit_limits()
        currency = self.env.company.currency_id
        columns = defaultdict(list)
        for card in self:
            partner_id = card.partner_id._origin.id
            values = data[partner_id]
            columns["receivable_total"].append(values["total"])
            columns["receivable_overdue"].append(values["overdue"])
            for bucket, amount in values["buckets"].items():
                columns[bucket].append(amount)
            columns["receivable_oldest_overdue_days"].append(values["oldest_days"])
            columns["receivable_avg_days_late"].append(
                round(values["late_days_sum"] / values["late_count"], 1)
                if values["late_count"]
                else 0.0
            )
            limit = currency.round(limits.get(partner_id, 0.0))
            columns["corporate_credit_limit"].append(limit)
            columns["credit_usage"].append(round(values["total"] / limit, 3) if limit > 0 else 0.0)
        # Thousands of cards at once (a list of all clients, an export): the
        # figures go to the cache a column at a time, as the ORM's own fetch
        # puts what it reads, instead of 11 assignments per card (2.2 s -> see
        # README figures for 5,000 cards).  They are in the cache's format
        # already: sums of currency-rounded residuals, ratios rounded to the
        # fields' digits.
        for fname, column in columns.items():
            self.env.cache.update(self, self._fields[fname], column)

    @api.depends(
        "partner_id",
        "company_id",
        "segment",
        "founding_date",
        "reliability_manual_score",
        "reliability_assessment_date",
        "complaint_ids.state",
        "complaint_ids.date_opened",
    )
    def _compute_reliability(self):
        # Only what the score reads, not the cards' whole rows, and the stored
        # score and class themselves: assigning a value equal to the cached one
        # changes nothing, so the flush writes only the cards whose score or
        # class moved (~470 of 5,000 a night on the scale data), not every row.
        self.browse([id_ for id_ in self._ids if id_]).fetch(RELIABILITY_READS)
        # Each card in its company's terms (receivables, settings).  Only the
        # company of the partners is read, not their hundred other columns.
        self.partner_id.fetch(["company_id"])
        by_company = {}
        for card in self:
            company = card.partner_id.company_id or self.env.company
            by_company.setdefault(company, []).append(card.id)
        results = {}
        for company, ids in by_company.items():
            cards = self.browse(ids).with_company(company)
            assessments = cards._reliability_assessments(explain=False)
            for card_id, (_factors, score, _lost) in assessments.items():
                results[card_id] = (score, cards._reliability_class(score))
        for card in self:
            card.reliability_score, card.reliability_class = results[card.id]

    def _corporate_recompute_reliability(self):
        """Recompute the stored score and class of these cards (at the next flush)."""
        for fname in ("reliability_score", "reliability_class"):
            self.env.add_to_compute(self._fields[fname], self)

    def _corporate_refresh_reliability(self):
        """Recompute the stored score and class of these cards now, in one batch.

        For the nightly job, which has nothing to wait for: at the flush the
        ORM recomputes 1,000 cards at a time, and each batch's aggregates read
        the journal items again (5 times for 5,000 cards); here they read them
        once.  As at the flush, only the scores and classes that changed are
        written, at the next flush.
        """
        # The aggregates read the database: what is pending is written first.
        self.env.flush_all()
        self._fields["reliability_score"].compute_value(self)

    @api.model
    def _corporate_partner_cards(self, partners):
        """Client cards of the companies of ``partners``, in one query."""
        companies = partners.sudo().commercial_partner_id.filtered("is_corporate_client")
        if not companies:
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", companies.ids)])
        )

    @api.model
    def _cron_corporate_reliability(self):
        """Every night: payments grow late and companies age with the date."""
        self.sudo().with_context(active_test=False).search([])._corporate_refresh_reliability()

    @api.depends_context("company", "date", "lang")
    def _compute_reliability_explanation(self):
        # Separate from the figures: lists show the score, only the form shows
        # why, and building this table for every row of a list is wasted.
        assessments = self._reliability_assessments()
        for card in self:
            factors, score, lost = assessments[card.id]
            card.reliability_explanation = card._reliability_html(factors, lost, score)

    def _search_receivable_overdue(self, operator, value):
        if operator not in (">", ">=") or not isinstance(value, int | float):
            raise UserError(self.env._("Search overdue amounts with 'greater than' a number."))
        groups = (
            self.env["corporate.receivable.report"]
            .sudo()
            ._read_group(
                [("company_id", "=", self.env.company.id), ("days_overdue", ">", 0)],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        if operator == ">":
            ids = [partner.id for partner, amount in groups if amount > value]
        else:
            ids = [partner.id for partner, amount in groups if amount >= value]
        return [("partner_id", "in", ids)]

    # ------------------------------------------------------------------ reliability
    def _format_decimal(self, value):
        """``value`` with one decimal in the reader's locale ("50,5" in Indonesian).

        Babel's locale data, not the res.lang record: lists compute the factors
        of many cards and must not pay a query for it.
        """
        return format_decimal(value, "#,##0.0", locale=babel_locale_parse(self.env.lang))

    def _reliability_factors(self, values, complaints, limit, weights, today, explain=True):
        """[(key, label, weight, subscore 0-100 or None if unknown, detail)].

        ``values``: the card's ``_receivable_data()``; ``complaints``: its count
        of the last 12 months; ``limit``: its credit limit.  Without ``explain``
        the label and the detail are None: the stored score of thousands of
        cards needs the numbers only, not their words in the reader's language.
        """
        self.ensure_one()
        factors = []

        def add(key, subscore, texts):
            label, detail = texts() if explain else (None, None)
            factors.append((key, label, weights[key], subscore, detail))

        if values["late_count"]:
            avg = values["late_days_sum"] / values["late_count"]
            add(
                "payment",
                max(0.0, 100.0 - avg * 100.0 / DAYS_LATE_ZERO),
                lambda: (
                    self.env._("Payment behaviour"),
                    self.env._("%(days)s days late on average", days=self._format_decimal(avg)),
                ),
            )
        else:
            add(
                "payment",
                None,
                lambda: (
                    self.env._("Payment behaviour"),
                    self.env._("no invoice due in the last 12 months"),
                ),
            )
        if values["history"]:
            ratio = (
                values["positive_overdue"] / values["positive_total"]
                if values["positive_total"] > 0
                else 0.0
            )
            add(
                "overdue",
                100.0 * (1.0 - ratio),
                lambda: (
                    self.env._("Overdue ratio"),
                    self.env._("%(pct).0f %% of the open debt is overdue", pct=100 * ratio),
                ),
            )
        else:
            add("overdue", None, lambda: (self.env._("Overdue ratio"), self.env._("no receivable")))
        if limit > 0:
            usage = 100.0 * values["total"] / limit
            add(
                "credit",
                100.0 if usage <= 50 else max(0.0, 200.0 - 2.0 * usage),
                lambda: (
                    self.env._("Credit usage"),
                    self.env._("%(pct).0f %% of the credit limit used", pct=usage),
                ),
            )
        else:
            add("credit", None, lambda: (self.env._("Credit usage"), self.env._("no credit limit")))
        if self.founding_date:
            years = (today - self.founding_date).days / 365.25
            add(
                "age",
                next(score for minimum, score in AGE_SCORES if years >= minimum),
                lambda: (
                    self.env._("Company age"),
                    self.env._("%(years)s years", years=self._format_decimal(years)),
                ),
            )
        else:
            add(
                "age",
                None,
                lambda: (self.env._("Company age"), self.env._("founding date unknown")),
            )
        if self.segment:
            add(
                "segment",
                SEGMENT_SCORES.get(self.segment, 50),
                lambda: (
                    self.env._("Segment"),
                    dict(self._fields["segment"]._description_selection(self.env)).get(
                        self.segment, self.segment
                    ),
                ),
            )
        else:
            add("segment", None, lambda: (self.env._("Segment"), self.env._("segment unknown")))
        add(
            "complaints",
            max(0.0, 100.0 - 25.0 * complaints),
            lambda: (
                self.env._("Complaints"),
                self.env._("%(count)s in the last 12 months", count=complaints),
            ),
        )
        if self.reliability_assessment_date:
            add(
                "manual",
                float(self.reliability_manual_score),
                lambda: (
                    self.env._("Manual assessment"),
                    self.env._(
                        "%(score)s/100 on %(date)s",
                        score=self.reliability_manual_score,
                        date=self.reliability_assessment_date,
                    ),
                ),
            )
        return factors

    @api.model
    def _reliability_score(self, factors):
        """(score 0-100, {factor key: points lost}) from the known factors.

        The score is the weighted mean of the known factors' sub-scores; each
        factor lowers it by weight share x (100 - sub-score) points, so the points
        lost add up to 100 - score.
        """
        known = [(key, weight, sub) for key, _label, weight, sub, _d in factors if sub is not None]
        total_weight = sum(weight for _key, weight, _sub in known)
        if not total_weight:
            return 50, {}
        lost = {key: weight * (100.0 - sub) / total_weight for key, weight, sub in known}
        score = round(100.0 - sum(lost.values()))
        return max(0, min(100, score)), lost

    @api.model
    def _reliability_class(self, score):
        company = self.env.company
        if score >= company.corporate_reliable_from:
            return "reliable"
        if score >= company.corporate_watch_from:
            return "watch"
        return "risky"

    def _reliability_html(self, factors, lost, score):
        rows = []
        for key, label, _weight, subscore, detail in sorted(
            factors, key=lambda f: -lost.get(f[0], -1)
        ):
            if subscore is None:
                effect = self.env._("not known")
            elif lost[key] >= 0.05:
                effect = f"−{self._format_decimal(lost[key])}"
            else:
                effect = "0"
            rows.append(
                Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
                % (label, detail, effect)
            )
        head = Markup(
            "<p>%s</p><table class='table table-sm o_reliability_factors'>"
            "<thead><tr><th>%s</th><th>%s</th><th class='text-end'>%s</th></tr></thead><tbody>"
        ) % (
            self.env._("Score %(score)s/100: points each factor takes off 100.", score=score),
            self.env._("Factor"),
            self.env._("Value"),
            self.env._("Points"),
        )
        return head + Markup("").join(rows) + Markup("</tbody></table>")
