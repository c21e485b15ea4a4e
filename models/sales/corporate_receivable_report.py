from odoo import fields, models
from odoo.tools import SQL, create_index

from .corporate_client_receivable import IN_PAYMENT_STATES

# Dropped by the uninstall hook (hooks.py).
OPEN_ITEM_INDEX = "account_move_line_corporate_open_item_index"

AGING_SELECTION = [
    ("0_not_due", "Not due"),
    ("1_30", "1-30 days"),
    ("2_60", "31-60 days"),
    ("3_90", "61-90 days"),
    ("4_over_90", "Over 90 days"),
]


class CorporateReceivableReport(models.Model):
    """Open receivables of corporate clients by manager, client and aging bucket (R9)."""

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
            today=fields.Date.context_today(self),
            in_payment=IN_PAYMENT_STATES,
        )
