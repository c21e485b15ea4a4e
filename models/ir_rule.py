from odoo import fields, models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain_context_values(self):
        """Add today's date to the key of the cached rule domains.

        The corporate rules depend on substitutions, which are periods of
        dates: with the date in the cache key, a substitute gains and loses
        access exactly at the period's boundaries instead of at the next cache
        flush.  Changes to substitutions clear the cache themselves.
        """
        values = super()._compute_domain_context_values()
        return (*values, fields.Date.context_today(self))

    def _make_access_error(self, operation, records):
        """Say in a manager's words why a client record of a colleague is closed.

        Multi-company refusals and the debug mode keep Odoo's message, which
        suggests switching company or lists the failing rules.
        """
        if not records._name.startswith("corporate.") or self.env.user.has_group(
            "base.group_no_one"
        ):
            return super()._make_access_error(operation, records)
        rules = self._get_failing(records, mode=operation).sudo()
        if any("company_id" in (rule.domain_force or "") for rule in rules):
            return super()._make_access_error(operation, records)
        env = self.with_context(lang=self.env.user.lang).env
        # Only the records the user may read are named (a refused read names
        # none): an error message must not tell what a record is called.
        shown = records[:3]
        readable = (
            shown.with_env(records.env(su=False))._filtered_access("read")
            if operation != "read"
            else shown.browse()
        )
        params = {
            "document": env["ir.model"]._get(records._name).name or records._name,
            "names": ", ".join(
                f"“{record.sudo().display_name}”" if record in readable else f"#{record.id}"
                for record in shown
            ),
        }
        what = {
            "read": env._("You cannot open %(document)s %(names)s.", **params),
            "write": env._("You cannot change %(document)s %(names)s.", **params),
            "create": env._("You cannot create %(document)s %(names)s.", **params),
            "unlink": env._("You cannot delete %(document)s %(names)s.", **params),
        }[operation]
        why = env._(
            "It concerns a client you do not manage. Client information is "
            "confidential: only the client's account manager, their substitute "
            "during a confirmed absence, the head of the client's department and "
            "the director have access. Ask your department head if you need it."
        )
        return AccessError(f"{what}\n\n{why}")
