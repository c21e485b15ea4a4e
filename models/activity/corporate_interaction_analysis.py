from odoo import fields, models
from odoo.tools import SQL

from .corporate_activity_counter import COUNTER_TABLE
from .corporate_figure import metric_interaction_types
from .corporate_interaction import INTERACTION_TYPES, OUTCOMES

# Ratio measures: SUM(numerator) / SUM(denominator) at every grouping level,
# not an average of per-row ratios.
RATIOS = {
    "reach_rate": ("reached_count", "call_count"),
    "offer_rate": ("offer_count", "call_count"),
    "deal_rate": ("deal_count", "offer_count"),
}


class CorporateInteractionAnalysis(models.Model):
    """Call results and conversion, calls → offers → deals (R16).

    A view over the activity counters (``corporate.activity.counter``): one
    row per manager, local day, type, outcome, client's manager, department
    and company with the number of interactions, so that the pivot groups by
    manager, department, type, outcome and any date granularity, and its cost
    follows the number of managers and days, not of interactions.  ``date``
    is the moment the manager's local day starts: a period filtered in the
    manager's time zone holds exactly that period's days.  The rates are true
    ratios of sums whatever the grouping.  Calls and offers are what the
    quotas count (``corporate.quota``'s INTERACTION_TYPE_METRIC), so the
    analysis agrees with *My day* and the monthly report.  Per client, the
    interactions themselves are analysed (Activities → Interactions).
    """

    _name = "corporate.interaction.analysis"
    _description = "Call Results and Conversion"
    _auto = False
    _order = "date desc"
    _rec_name = "user_id"
    # Flushed before the view is read: the triggers update the counters then.
    _depends = {
        "corporate.interaction": [
            "date",
            "user_id",
            "client_id",
            "client_user_id",
            "team_id",
            "company_id",
            "interaction_type",
            "outcome",
        ],
    }

    date = fields.Datetime(
        readonly=True, help="Start of the account manager's local day of the interactions."
    )
    user_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    client_user_id = fields.Many2one("res.users", string="Client's manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    interaction_type = fields.Selection(INTERACTION_TYPES, string="Type", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    interaction_count = fields.Integer(string="Interactions", readonly=True, aggregator="sum")
    call_count = fields.Integer(string="Calls", readonly=True, aggregator="sum")
    reached_count = fields.Integer(
        string="Calls reached",
        readonly=True,
        aggregator="sum",
        help="Calls with an outcome other than 'No answer'.",
    )
    offer_count = fields.Integer(
        string="Offers", readonly=True, aggregator="sum", help="Email and phone offers."
    )
    deal_count = fields.Integer(
        string="Deals", readonly=True, aggregator="sum", help="Interactions ending in a deal."
    )
    reach_rate = fields.Float(string="Reached (%)", readonly=True, aggregator="avg")
    offer_rate = fields.Float(string="Calls → offers (%)", readonly=True, aggregator="avg")
    deal_rate = fields.Float(string="Offers → deals (%)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT c.id,
                   c.day_start AS date,
                   c.user_id,
                   NULLIF(c.client_user_id, 0) AS client_user_id,
                   NULLIF(c.team_id, 0) AS team_id,
                   c.company_id,
                   c.interaction_type,
                   NULLIF(c.outcome, '') AS outcome,
                   c.count AS interaction_count,
                   CASE WHEN c.interaction_type = ANY(%(calls)s) THEN c.count ELSE 0 END
                       AS call_count,
                   CASE WHEN c.interaction_type = ANY(%(calls)s)
                             AND c.outcome NOT IN ('', 'no_answer') THEN c.count ELSE 0 END
                       AS reached_count,
                   CASE WHEN c.interaction_type = ANY(%(offers)s) THEN c.count ELSE 0 END
                       AS offer_count,
                   CASE WHEN c.outcome = 'deal' THEN c.count ELSE 0 END AS deal_count,
                   0.0::float AS reach_rate,
                   0.0::float AS offer_rate,
                   0.0::float AS deal_rate
              FROM %(counters)s c
             WHERE c.count != 0
            """,
            counters=SQL.identifier(COUNTER_TABLE),
            calls=metric_interaction_types("calls"),
            offers=metric_interaction_types("email_offers", "phone_offers"),
        )

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        if fname not in RATIOS:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = RATIOS[fname]
        return SQL(
            "ROUND(100.0 * SUM(%s) / NULLIF(SUM(%s), 0), 1)",
            self._field_to_sql(self._table, numerator, query),
            self._field_to_sql(self._table, denominator, query),
        )
