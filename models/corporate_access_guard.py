from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Field types whose values a user types in: checked before they reach the database.
CHECKED_TYPES = ("date", "datetime", "float", "integer", "monetary", "selection")


class CorporateAccessGuard(models.AbstractModel):
    """What record rules and ACLs cannot say about a business document (R3, R15).

    - **Workflow fields** (``_corporate_workflow_fields``: states, approver,
      new-client flag...) move only through the model's actions: those check
      the role, then write with :meth:`_corporate_workflow_write`.  The
      addon's stored computed fields without inverse (scores, classes) are
      guarded the same way: only their computation sets them.  A direct
      ``create``/``write`` of such a field by a user (RPC, import, form) is
      refused, unless it keeps the value the record has (or, on creation, the
      field's default), as the web client sends unchanged values back.
    - **Scope fields** (``_corporate_scope_fields``: the client, the manager...)
      decide which record rules let a user in.  Odoo checks the write rules on
      the records *before* a write only; after a write touching a scope field,
      the rules are checked again, so that nobody moves a record out of their
      own reach into someone else's (another manager's client, another
      department).
    - **Input** of this addon's own fields (a date, an amount, a choice) that
      cannot be converted is refused with a message naming the field, not with
      a database or conversion error (an RPC client may send anything).
    """

    _name = "corporate.access.guard"
    _description = "Workflow and Scope Guard"

    _corporate_workflow_fields = ()
    _corporate_scope_fields = ()

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._corporate_check_input(vals)
                self._corporate_check_workflow_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._corporate_check_input(vals)
            self._corporate_check_workflow_vals(vals, self)
        res = super().write(vals)
        if not self.env.su and set(vals) & set(self._corporate_scope_fields):
            self._corporate_check_scope()
        return res

    # ------------------------------------------------------------------ checks
    def _corporate_check_input(self, vals):
        """Refuse values of this addon's fields that do not fit their type."""
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
                if field.type in ("float", "integer", "monetary") and isinstance(value, str):
                    raise ValueError(value)
                field.convert_to_cache(value, self)
            except (ValueError, TypeError, OverflowError) as error:
                raise ValidationError(
                    self.env._(
                        "%(value)s is not a valid value for %(field)s (%(model)s).",
                        value=repr(value),
                        field=field._description_string(self.env),
                        model=self._description,
                    )
                ) from error

    @api.model
    def _corporate_guarded_fields(self):
        """The workflow fields, and this addon's stored computed fields that have
        no inverse (a score, a class, a figure): facts the ORM computes, never
        typed in (a manager may not rate their own client reliable)."""
        computed = {
            fname
            for fname, field in self._fields.items()
            if field.compute
            and field.store
            and field.readonly
            and not field.inverse
            and field._module == "corporate_client"
        }
        return set(self._corporate_workflow_fields) | computed

    def _corporate_check_workflow_vals(self, vals, records=None):
        """Refuse a change of a workflow field outside the model's actions."""
        changed = []
        for fname in set(vals) & self._corporate_guarded_fields():
            field = self._fields[fname]
            if records is None:
                olds = [self.default_get([fname]).get(fname, False)]
            else:
                olds = [record[fname] for record in records]
            new = field.convert_to_cache(vals[fname], self, validate=False)
            if any(field.convert_to_cache(old, self, validate=False) != new for old in olds):
                changed.append(field)
        if changed:
            raise UserError(
                self.env._(
                    "%(fields)s of a %(model)s change only through its buttons (submit, "
                    "approve, confirm, sign...), which check who may do it.",
                    fields=", ".join(
                        f'"{field._description_string(self.env)}"' for field in changed
                    ),
                    model=self._description,
                )
            )

    def _corporate_check_scope(self):
        """The write rules must still let the user in after the write."""
        self.flush_recordset()
        denied = self - self._filtered_access("write")
        if denied:
            raise AccessError(
                self.env._(
                    "You cannot move %(records)s out of your clients, departments or "
                    "substitutions: only the records you answer for can be yours.",
                    records=", ".join(denied.sudo().mapped("display_name")),
                )
            )

    def _corporate_workflow_write(self, vals):
        """Write workflow fields once the calling action has checked the role."""
        self.check_access("write")
        return self.sudo().write(vals)
