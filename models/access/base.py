from odoo import models
from odoo.exceptions import AccessError
from odoo.models import parse_read_group_spec
from odoo.osv import expression

# Field groups of this addon: what they protect is confidential (R15).
PROTECTING_MODULE = "corporate_client."


class Base(models.AbstractModel):
    """Refuse searches and groupings on the confidential fields a user may not read.

    Odoo refuses a condition on a stored field the user may not read, but not on
    a one2many or many2many field (the condition is a subquery on the other
    table, or on the relation table), nor a grouping by a many2many field: an
    accountant could find which competitor serves which client by searching
    cards on ``competitor_line_ids``, or count clients per product interest.
    Every condition of a domain, every step of its paths and every grouping is
    checked against the field groups of this addon, in ``_where_calc`` (all
    searches, counts, groupings and name searches go through it),
    ``filtered_domain`` and ``_read_group_groupby``.
    """

    _inherit = "base"

    def _where_calc(self, domain, active_test=True):
        if domain and not self.env.su:
            self._corporate_check_domain_access(domain)
        return super()._where_calc(domain, active_test=active_test)

    def filtered_domain(self, domain):
        if domain and not self.env.su:
            self._corporate_check_domain_access(domain)
        return super().filtered_domain(domain)

    def _read_group_groupby(self, groupby_spec, query):
        if not self.env.su:
            self._corporate_check_path_access(parse_read_group_spec(groupby_spec)[0])
        return super()._read_group_groupby(groupby_spec, query)

    def _corporate_check_domain_access(self, domain):
        for leaf in domain:
            if not expression.is_leaf(leaf) or leaf in (
                expression.TRUE_LEAF,
                expression.FALSE_LEAF,
            ):
                continue
            path, operator, value = leaf
            if not isinstance(path, str):
                continue
            model = self._corporate_check_path_access(path)
            if model is not None and operator in ("any", "not any") and isinstance(value, list):
                model._corporate_check_domain_access(value)

    def _corporate_check_path_access(self, path):
        """Check every field of ``path``; return the model it ends on if relational."""
        model = self
        for fname in path.split("."):
            field = model._fields.get(fname)
            if field is None:
                return None
            if (
                field.groups
                and PROTECTING_MODULE in field.groups
                and not field.is_accessible(self.env)
            ):
                raise AccessError(
                    self.env._(
                        "You cannot search %(model)s by %(field)s: this information is "
                        "confidential (R15).",
                        model=self.env["ir.model"]._get(model._name).name,
                        field=field._description_string(self.env),
                    )
                )
            if not field.relational:
                return None
            model = self.env[field.comodel_name]
        return model
