import math
from datetime import date, datetime

from odoo import api, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

# Field types whose values a user types in: checked before they reach the database.
CHECKED_TYPES = ("date", "datetime", "float", "integer", "monetary", "selection", "many2one")
# Business dates of this addon lie within these years (a report for 1800, a
# contract of year 1 or 9999 are typing errors or attacks, not history).  A
# model widens the range of one field with ``_corporate_date_bounds``.
DATE_BOUNDS = (date(1900, 1, 1), date(2199, 12, 31))
# The largest amount or figure stored: 10^15 (a thousand trillion rupiah).
NUMBER_BOUND = 1e15


class CorporateAccessGuard(models.AbstractModel):
    """What record rules and ACLs cannot say about a business document (R3, R15).

    - **Guarded fields** (:meth:`_corporate_guarded_fields`): the workflow
      fields (``_corporate_workflow_fields``: states, approver, new-client
      flag...), the addon's stored computed fields without inverse (scores,
      classes) and its stored read-only fields (stamps: who assessed, when it
      was resolved).  They move only through the model's actions, which check
      the role, then write with :meth:`_corporate_workflow_write`; stamps are
      set by :meth:`_corporate_stamps`.  The check is made on the values a
      record really gets: what ``create``/``write`` receive (RPC, import,
      form), and on creation also what a ``default_<field>`` context key or a
      saved user default (``ir.default``) would give.  A value is accepted only
      when it keeps what the record has (or, on creation, the field's own
      default), as the web client sends unchanged values back.
    - **Scope fields** (``_corporate_scope_fields``: the client, the manager...)
      and **parent links** (a many-to-one to another guarded document: a
      disagreement's contract, a plan line's plan) decide which record rules
      let a user in.  Odoo checks the write rules on the records *before* a
      write only; after a write touching one of them, the rules are checked
      again, so that nobody moves a record out of their own reach into
      someone else's (another manager's client, another department), nor
      re-points a child to a document they could not create it on.
    - **Input** of this addon's own fields (a date, an amount, a choice, a
      record id) that cannot be converted, or lies out of bounds (a date
      outside 1900-2199, an infinite or absurd number), is refused with a
      message naming the field, not with a database or conversion error (an
      RPC client may send anything).

    Internal code never switches these checks off through the context (which
    any client can send): it writes as superuser after checking the role
    (:meth:`_corporate_workflow_write`).
    """

    _name = "corporate.access.guard"
    _description = "Workflow and Scope Guard"

    _corporate_workflow_fields = ()
    _corporate_scope_fields = ()
    # Read-only in the forms but given on creation (a key, not a figure).
    _corporate_unguarded_fields = ()
    # Fields naming who did the work (counted in their figures): the current
    # user, unless a director or the head of that person's department sets them.
    _corporate_actor_fields = ()
    # {field name: (lowest date, highest date)} for dates outside DATE_BOUNDS.
    _corporate_date_bounds = {}

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._corporate_check_input(vals)
                self._corporate_check_workflow_vals(vals)
                self._corporate_check_defaults(vals)
                self._corporate_check_actors(vals, creating=True)
            self._corporate_check_targets(vals_list)
        vals_list = [{**self._corporate_stamps(vals), **vals} for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._corporate_check_input(vals)
            self._corporate_check_workflow_vals(vals, self)
            self._corporate_check_actors(vals)
            self._corporate_check_targets([vals])
        vals = {**self._corporate_stamps(vals), **vals}
        res = super().write(vals)
        if not self.env.su and set(vals) & self._corporate_moving_fields():
            self._corporate_check_scope()
        return res

    def _corporate_stamps(self, vals):
        """{field: value} that creating or writing ``vals`` stamps by itself
        (who assessed, when it changed): guarded fields set by the code, after
        the user's values were checked."""
        return {}

    # ------------------------------------------------------------------ checks
    def _corporate_check_input(self, vals):
        """Refuse values of this addon's fields that do not fit their type or bounds."""
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if (
                field is None
                or field.type not in CHECKED_TYPES
                or field._module != "corporate_client"
                or value is False
                or value is None
            ):
                continue
            try:
                if field.type == "many2one":
                    # An id, or a record; never a name, a list or a float.
                    if isinstance(value, models.BaseModel):
                        value = value.id
                    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                        raise ValueError(value)
                    continue
                if field.type in ("float", "integer", "monetary") and isinstance(value, str):
                    raise ValueError(value)
                converted = field.convert_to_cache(value, self)
                self._corporate_check_bounds(field, converted)
            except (ValueError, TypeError, OverflowError) as error:
                raise ValidationError(
                    self.env._(
                        "%(value)s is not a valid value for %(field)s (%(model)s).",
                        value=repr(value)[:80],
                        field=field._description_string(self.env),
                        model=self._description,
                    )
                ) from error

    def _corporate_check_bounds(self, field, value):
        """Raise ValueError for a date outside the sane range or an absurd number."""
        if isinstance(value, date | datetime):
            low, high = self._corporate_date_bounds.get(field.name, DATE_BOUNDS)
            day = value.date() if isinstance(value, datetime) else value
            if (low and day < low) or (high and day > high):
                raise ValueError(value)
        elif isinstance(value, float) and (not math.isfinite(value) or abs(value) > NUMBER_BOUND):
            raise ValueError(value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**31 - 1:
            raise ValueError(value)

    @api.model
    def _corporate_guarded_fields(self):
        """The workflow fields, and this addon's fields that only its code sets:
        stored computed fields without inverse (a score, a class, a figure) and
        stored read-only fields (a stamp: when, by whom).  A manager may not
        rate their own client reliable, nor sign who assessed it."""
        own = self._corporate_code_set_fields()
        return (set(self._corporate_workflow_fields) | own) - set(self._corporate_unguarded_fields)

    @api.model
    @tools.ormcache("self._name")
    def _corporate_code_set_fields(self):
        """This addon's stored read-only fields (computed or stamped): a model's
        fields do not change while the registry lives, so they are scanned
        once, not at every create and write."""
        return frozenset(
            fname
            for fname, field in self._fields.items()
            if field.store
            and field.readonly
            and not field.related
            and not field.inverse
            and field._module == "corporate_client"
            and fname != self._rec_name
        )

    @api.model
    @tools.ormcache("self._name")
    def _corporate_moving_fields(self):
        """Fields whose change moves a record to another owner: the scope fields
        and the links to a parent document (a many-to-one to a guarded model);
        scanned once per registry."""
        parents = {
            fname
            for fname, field in self._fields.items()
            if field.type == "many2one"
            and field.store
            and not field.related
            and field._module == "corporate_client"
            and field.comodel_name != self._name
            and hasattr(self.env[field.comodel_name], "_corporate_guarded_fields")
        }
        return frozenset(set(self._corporate_scope_fields) | parents)

    def _corporate_refuse_guarded(self, changed, by_default=False):
        names = ", ".join(f'"{field._description_string(self.env)}"' for field in changed)
        if by_default:
            raise UserError(
                self.env._(
                    "%(fields)s of a new %(model)s cannot come from a default value "
                    "(context or saved default): it changes only through its buttons "
                    "(submit, approve, confirm, sign...), which check who may do it.",
                    fields=names,
                    model=self._description,
                )
            )
        raise UserError(
            self.env._(
                "%(fields)s of a %(model)s change only through its buttons (submit, "
                "approve, confirm, sign...), which check who may do it.",
                fields=names,
                model=self._description,
            )
        )

    def _corporate_pristine_default(self, fname):
        """The field's own default, without context keys or saved user defaults."""
        field = self._fields[fname]
        if not field.default:
            return False
        cleared = {key: False for key in self.env.context if key.startswith("default_")}
        return field.default(self.with_context(**cleared))

    def _corporate_check_workflow_vals(self, vals, records=None):
        """Refuse a change of a guarded field outside the model's actions."""
        changed = []
        for fname in set(vals) & self._corporate_guarded_fields():
            field = self._fields[fname]
            if records is None:
                olds = [self._corporate_pristine_default(fname)]
            else:
                olds = [record[fname] for record in records]
            new = field.convert_to_cache(vals[fname], self, validate=False)
            if any(field.convert_to_cache(old, self, validate=False) != new for old in olds):
                changed.append(field)
        if changed:
            self._corporate_refuse_guarded(changed)

    def _corporate_check_defaults(self, vals):
        """On creation, the guarded fields not in ``vals`` get their defaults:
        a ``default_<field>`` context key or a saved user default must not give
        them what ``vals`` could not (Odoo's ``default_get``, steps 1 and 2)."""
        missing = self._corporate_guarded_fields() - set(vals)
        if not missing:
            return
        saved = self.env["ir.default"]._get_model_defaults(self._name)
        changed = []
        for fname in missing:
            field = self._fields[fname]
            key = f"default_{fname}"
            if key in self.env.context:
                value = self.env.context[key]
            elif fname in saved and not field.company_dependent:
                value = saved[fname]
            else:
                continue
            try:
                new = field.convert_to_cache(value, self, validate=False)
                pristine = field.convert_to_cache(
                    self._corporate_pristine_default(fname), self, validate=False
                )
            except (ValueError, TypeError):
                new, pristine = value, None
            if new != pristine:
                changed.append(field)
        if changed:
            self._corporate_refuse_guarded(changed, by_default=True)

    def _corporate_check_actors(self, vals, creating=False):
        """Nobody logs work in a colleague's name (it would count in their
        quota), except the director and the head of the colleague's department."""
        if not self._corporate_actor_fields:
            return
        me = self.env.user
        for fname in self._corporate_actor_fields:
            if fname in vals:
                user_id = vals[fname]
            elif creating:
                user_id = self.default_get([fname]).get(fname)
            else:
                continue
            user = self.env["res.users"].browse(user_id or [])
            if not user or user == me or me.has_group("corporate_client.group_director"):
                continue
            if (
                me.has_group("corporate_client.group_department_head")
                and user.sudo().corporate_team_id.user_id == me
            ):
                continue
            raise AccessError(
                self.env._(
                    "You cannot record a %(model)s in the name of %(user)s: log your own "
                    "work (their department head or the director can correct it).",
                    model=self._description,
                    user=user.sudo().name,
                )
            )

    def _corporate_check_targets(self, vals_list):
        """A record is put on a client, a parent document or an order only
        when the user may read it: the same check on creation and when it is
        re-pointed later (the rules of the record itself are checked after)."""
        targets = {}
        for fname in self._corporate_moving_fields():
            ids = {vals[fname] for vals in vals_list if vals.get(fname)}
            if ids:
                comodel = self._fields[fname].comodel_name
                targets.setdefault(comodel, set()).update(ids)
        for comodel, ids in targets.items():
            records = self.env[comodel].browse(ids).exists()
            if records and records != records._filtered_access("read"):
                raise AccessError(
                    self.env._(
                        "You cannot link a %(model)s to a %(target)s you may not read: "
                        "choose one of your own.",
                        model=self._description,
                        target=records._description,
                    )
                )

    def _corporate_check_scope(self):
        """The write rules must still let the user in after the write."""
        self.flush_recordset()
        denied = self - self._filtered_access("write")
        if denied:
            raise AccessError(
                self.env._(
                    "You cannot move %(count)s %(model)s out of your clients, departments "
                    "or substitutions, nor under a document of someone else: only the "
                    "records you answer for can be yours.",
                    count=len(denied),
                    model=self._description,
                )
            )

    def _corporate_workflow_write(self, vals):
        """Write workflow fields once the calling action has checked the role."""
        self.check_access("write")
        return self.sudo().write(vals)
