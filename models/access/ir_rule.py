from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression


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

    def _register_hook(self):
        """Keep the partners of client cards open to salespeople on their own documents.

        Our confidentiality rules decide who sees a client: its card and
        documents follow the card's rules, while the card's partner and its
        contacts (name, address, tax id, salesperson) are every internal
        user's (R15), so that a colleague quotes it and a substitute works on
        the card.  A module that narrows the partners of "Sales / User: Own
        Documents Only" to their own (OCA ``sales_team_security`` ANDs such a
        domain in ``_compute_domain``) would hide them.  The partners of client
        cards are added back around the final ``_compute_domain`` of the
        registry, whatever the order the modules were loaded in (an override
        of ours below theirs would be ANDed away).
        """
        super()._register_hook()
        cls = type(self)
        if getattr(cls._compute_domain, "_corporate_clients_open", False):
            return
        narrowed = cls._compute_domain

        def _compute_domain(rule, model_name, mode="read"):
            domain = narrowed(rule, model_name, mode=mode)
            return rule._corporate_open_client_partners(model_name, domain)

        _compute_domain._corporate_clients_open = True
        cls._compute_domain = _compute_domain

    @api.model
    def _corporate_open_client_partners(self, model_name, domain):
        """``domain`` of res.partner OR the partners of client cards (and their
        contacts) and of internal users, in the user's companies, for
        salespeople on own documents."""
        user = self.env.user
        if (
            model_name != "res.partner"
            or self.env.su
            or not domain
            or not user.has_group("sales_team.group_sale_salesman")
            or user.has_group("sales_team.group_sale_salesman_all_leads")
        ):
            return domain
        opened = expression.AND(
            [
                [
                    "|",
                    ("commercial_partner_id.is_corporate_client", "=", True),
                    # Colleagues: the head or director who follow an order
                    # waiting for their approval, read by its salesperson.
                    ("partner_share", "=", False),
                ],
                [("company_id", "in", [False, *self.env.companies.ids])],
            ]
        )
        return expression.OR([domain, opened])

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
