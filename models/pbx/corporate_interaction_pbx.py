from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

# Facts of a journaled call that nobody retypes (see _check_pbx_facts).
PBX_FACTS = ("date", "duration", "direction", "user_id")
SOURCES = [
    ("manual", "Typed in"),
    ("pbx", "Phone system"),
    ("import", "Call records import"),
]


class CorporateInteraction(models.Model):
    """Where an interaction comes from: typed in, or journaled from the phone
    system (its API or a call records file) (issue 33, R16-R18)."""

    _inherit = "corporate.interaction"
    _corporate_workflow_fields = ("source", "pbx_call_id", "pbx_number")

    source = fields.Selection(
        SOURCES,
        required=True,
        default="manual",
        index=True,
        readonly=True,
        help="Typed in by a person, or journaled from the phone system's call records.",
    )
    pbx_call_id = fields.Char(
        string="Call ID",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The phone system's identifier of the call: a call is journaled once.",
    )
    pbx_number = fields.Char(
        string="External number",
        readonly=True,
        help="The number the phone system reported, in E.164.",
    )

    _sql_constraints = [
        (
            "pbx_call_id_unique",
            "UNIQUE(company_id, pbx_call_id)",
            "The phone system already journaled this call.",
        )
    ]

    def _auto_init(self):
        # ``source`` on a table of a million interactions: a column with a
        # constant default is added at once by PostgreSQL, without the UPDATE
        # of every row the ORM would make (and the counters' triggers with it).
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(cr, self._table, "source"):
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN source varchar NOT NULL DEFAULT 'manual'",
                    SQL.identifier(self._table),
                )
            )
        return super()._auto_init()

    def init(self):
        res = super().init()
        # Interactions written in SQL (an integration, a bulk load: the
        # counters' triggers count them) are typed in unless they say
        # otherwise, on a fresh install as on an upgraded database.
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN source SET DEFAULT 'manual'",
                SQL.identifier(self._table),
            )
        )
        return res

    def write(self, vals):
        if not self.env.su:
            self._check_pbx_facts(vals)
        return super().write(vals)

    def _check_pbx_facts(self, vals):
        """What the phone system recorded (when, how long, whose extension, counted
        or not) is not retyped: a journaled call only becomes a phone offer."""
        journaled = self.filtered(lambda i: i.source != "manual")
        if not journaled:
            return
        changed = []
        for fname in set(vals) & set(PBX_FACTS):
            field = self._fields[fname]
            new = field.convert_to_cache(vals[fname], self, validate=False)
            if any(
                field.convert_to_cache(i[fname], self, validate=False) != new for i in journaled
            ):
                changed.append(field)
        new_type = vals.get("interaction_type")
        if new_type and new_type != "phone_offer":
            if any(i.interaction_type != new_type for i in journaled):
                changed.append(self._fields["interaction_type"])
        if changed:
            raise UserError(
                self.env._(
                    "%(fields)s of a call journaled by the phone system are what the phone "
                    "system recorded: they cannot be changed (a call can only be marked as "
                    "a phone offer).",
                    fields=", ".join(f'"{f._description_string(self.env)}"' for f in changed),
                )
            )

    def action_mark_phone_offer(self):
        """The call was an offer: it counts as a phone offer (R18), not as a call."""
        calls = self.filtered(lambda i: i.interaction_type in ("call", "short_call"))
        if calls != self:
            raise UserError(self.env._("Only calls can be marked as phone offers."))
        calls.write({"interaction_type": "phone_offer"})
        return True
