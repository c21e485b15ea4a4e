from odoo import fields, models
from odoo.tools import SQL

from .corporate_interaction import INTERACTION_TYPES, OUTCOMES
from .corporate_quota import metric_interaction_types

# Ratio measures: SUM(numerator) / SUM(denominator) at every grouping level,
# not an average of per-row ratios.
RATIOS = {
    "reach_rate": ("reached_count", "call_count"),
    "offer_rate": ("offer_count", "call_count"),
    "deal_rate": ("deal_count", "offer_count"),
}


class CorporateInteractionAnalysis(models.Model):
    """Call results and conversion, calls → offers → deals (R16).

    A view over interactions with one row each and 0/1 measures, so that the
    pivot groups by manager, client, department, type, outcome and any date
    granularity (in the user's time zone), and the rates are true ratios of
    sums whatever the grouping.  Calls and offers are what the quotas count
    (``corporate.quota``'s INTERACTION_TYPE_METRIC), so the analysis agrees
    with *My day* and the monthly report.
    """

    _name = "corporate.interaction.analysis"
    _description = "Call Results and Conversion"
    _auto = False
    _order = "date desc"
    _rec_name = "client_id"
    # Flushed before the view is read.
    _depends = {
        "corporate.interaction": [
            "date",
            "user_id",
            "client_id",
            "team_id",
            "company_id",
            "interaction_type",
            "outcome",
        ],
        "corporate.client": ["partner_id"],
        "res.partner": ["user_id"],
    }

    date = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    client_id = fields.Many2one("corporate.client", readonly=True)
    client_user_id = fields.Many2one("res.users", string="Client's manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    interaction_type = fields.Selection(INTERACTION_TYPES, string="Type", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
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
            SELECT i.id,
                   i.date,
                   i.user_id,
                   i.client_id,
                   i.client_user_id,
                   i.team_id,
                   i.company_id,
                   i.interaction_type,
                   i.outcome,
                   (i.interaction_type = ANY(%(calls)s))::int AS call_count,
                   (i.interaction_type = ANY(%(calls)s) AND i.outcome IS NOT NULL
                        AND i.outcome != 'no_answer')::int AS reached_count,
                   (i.interaction_type = ANY(%(offers)s))::int AS offer_count,
                   (i.outcome = 'deal')::int AS deal_count,
                   0.0::float AS reach_rate,
                   0.0::float AS offer_rate,
                   0.0::float AS deal_rate
              FROM corporate_interaction i
            """,
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
