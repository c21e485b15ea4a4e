from odoo import api, fields, models
from odoo.tools import SQL, create_index

# Dropped by the uninstall hook (hooks.py).
OPEN_ITEM_INDEX = "account_move_line_corporate_open_item_index"
# Payment states in which an invoice is still to be collected.
COLLECTIBLE_STATES = ("not_paid", "partial")
# Payment states of an invoice whose registered payment awaits the bank.
IN_PAYMENT_STATES = ("in_payment", "paid")
# Context key of the day the items are aged at (default: the reader's today).
AGING_DATE = "corporate_aging_date"

AGING_SELECTION = [
    ("0_not_due", "Not due"),
    ("1_30", "1-30 days"),
    ("2_60", "31-60 days"),
    ("3_90", "61-90 days"),
    ("4_over_90", "Over 90 days"),
]


class CorporateReceivableReport(models.Model):
    """Open receivables of corporate clients by manager, client and aging bucket (R9).

    The one definition of "overdue": an open receivable item (an invoice's
    instalment, a credit, an opening balance) is overdue on a day when its due
    date, else its entry date, is before that day, by its open amount; an item
    whose invoice awaits a payment registered without journal entry is not due.
    The card's receivable fields read this view (``_receivable_data``), and so
    do the ABC classification's overdue share and the collection activities,
    through ``_overdue_invoices``.

    Why SQL that the ORM paths read, rather than a domain of
    ``account.move.line`` that the view would repeat: what the rule gives is
    computed per item from the day (``days_overdue``, ``aging``), which the
    pivot and the card's buckets group and sum by, and no domain can produce
    it; the "awaiting a payment without journal entry" rule is a probe of the
    payments through the invoice-payment relation (``NOT EXISTS``), which
    reads the open items through their partial index. Written once here, the
    rule is read as it is by every consumer; the day is today in the reader's
    time zone, or ``AGING_DATE`` in the context (a job's today, a past day).
    """

    _name = "corporate.receivable.report"
    _description = "Corporate Receivables Analysis"
    _auto = False
    _order = "date_maturity, id"
    _rec_name = "move_id"
    # What the SQL reads: flushed before the view is queried (searches, groups,
    # and raw SQL built on ``_table_sql`` run by ``env.execute_query``).
    _depends = {
        "account.move.line": [
            "account_id",
            "amount_residual",
            "company_currency_id",
            "company_id",
            "date",
            "date_maturity",
            "move_id",
            "parent_state",
            "partner_id",
            "reconciled",
        ],
        "account.account": ["account_type"],
        "account.move": ["move_type", "payment_state"],
        "account.payment": ["invoice_ids", "move_id"],
        "corporate.client": ["partner_id", "team_id"],
        "res.partner": ["user_id"],
    }

    client_id = fields.Many2one("corporate.client", string="Client card", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client company", readonly=True)
    user_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    date = fields.Date(string="Entry date", readonly=True)
    date_maturity = fields.Date(string="Due date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    aging = fields.Selection(AGING_SELECTION, string="Aging bucket", readonly=True)
    amount_residual = fields.Monetary(string="Open amount", readonly=True)

    def init(self):
        # The open items of every client are a small part of the journal items
        # (income, tax and bank lines are never open, paid invoices no longer
        # are): this partial index holds only them, so the aging of all clients
        # reads ~12k index entries instead of scanning 176k lines (50k
        # invoices: 155 ms -> 37 ms, see tools/bench_scale.py).  Removed by the
        # uninstall hook.
        create_index(
            self.env.cr,
            OPEN_ITEM_INDEX,
            "account_move_line",
            ["partner_id", "date_maturity"],
            where="amount_residual <> 0 AND parent_state = 'posted'",
        )

    @api.model
    def _overdue_invoices(self, day, groupby, domain=()):
        """Overdue invoices on ``day``: ``_read_group`` of their overdue amounts.

        An invoice is overdue when it is a posted customer invoice still to be
        collected (``COLLECTIBLE_STATES``) with instalments overdue on ``day``
        (the items of this view, see the class); it is overdue by the open
        amount of those instalments, in the company's currency. An instalment
        not yet due is not overdue, whatever the invoice's last due date.
        Returns [(*groups, amount)] grouped by ``groupby`` (fields of this view:
        ``move_id``, ``partner_id``, ``company_id``...), ``domain`` narrowing the
        items. Read as superuser: the ABC and the collection job see every client.
        """
        # Sums only: rows of another day never reach the record cache.
        return (
            self.sudo()
            .with_context(**{AGING_DATE: day})
            ._read_group(
                [
                    *domain,
                    ("days_overdue", ">", 0),
                    ("amount_residual", ">", 0),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("move_id.payment_state", "in", COLLECTIBLE_STATES),
                ],
                groupby,
                ["amount_residual:sum"],
            )
        )

    def _aging_date(self):
        """The day the aging is read for: ``AGING_DATE`` of the context when it
        is a date (a job's today, a past day), else the reader's today."""
        try:
            day = fields.Date.to_date(self.env.context.get(AGING_DATE))
        except (TypeError, ValueError):
            day = None
        return day or fields.Date.context_today(self)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT aml.id AS id,
                   card.id AS client_id,
                   aml.partner_id AS partner_id,
                   partner.user_id AS user_id,
                   card.team_id AS team_id,
                   aml.company_id AS company_id,
                   aml.company_currency_id AS currency_id,
                   aml.move_id AS move_id,
                   aml.date AS date,
                   aml.date_maturity AS date_maturity,
                   GREATEST(%(today)s - COALESCE(aml.date_maturity, aml.date), 0)
                       AS days_overdue,
                   CASE
                       WHEN %(today)s - COALESCE(aml.date_maturity, aml.date) <= 0
                           THEN '0_not_due'
                       WHEN %(today)s - COALESCE(aml.date_maturity, aml.date) <= 30
                           THEN '1_30'
                       WHEN %(today)s - COALESCE(aml.date_maturity, aml.date) <= 60
                           THEN '2_60'
                       WHEN %(today)s - COALESCE(aml.date_maturity, aml.date) <= 90
                           THEN '3_90'
                       ELSE '4_over_90'
                   END AS aging,
                   aml.amount_residual AS amount_residual
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN corporate_client card ON card.partner_id = aml.partner_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND aml.reconciled IS NOT TRUE
               AND aml.amount_residual <> 0
               -- the one place that says it (the card reads this view): an invoice with a payment
               -- registered without journal entry, that Odoo shows in payment, is
               -- not due (looked up through its payments: rare, and cheap to probe)
               AND NOT EXISTS (
                   SELECT 1
                     FROM account_move__account_payment rel
                     JOIN account_payment pay ON pay.id = rel.payment_id
                     JOIN account_move move ON move.id = rel.invoice_id
                    WHERE rel.invoice_id = aml.move_id
                      AND pay.move_id IS NULL
                      AND move.move_type IN ('out_invoice', 'out_refund', 'out_receipt')
                      AND move.payment_state IN %(in_payment)s
               )
            """,
            today=self._aging_date(),
            in_payment=IN_PAYMENT_STATES,
        )
