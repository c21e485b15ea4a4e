"""Issue 31: the record rules of the models that follow the client card are the
same everywhere (security/rules_<role>.xml), spelled exactly as CONTRIBUTING says."""

from odoo.tests import TransactionCase, tagged

MANAGER = "[('client_user_id', 'in', [user.id] + user.corporate_substituted_user_ids.ids)]"
HEAD = "[('team_id.user_id', '=', user.id)]"
DIRECTOR = "[(1, '=', 1)]"
COMPANY = "[('company_id', 'in', company_ids)]"


@tagged("post_install", "-at_install")
class TestRecordRules(TransactionCase):
    def test_documents_follow_the_card_with_one_domain_per_role(self):
        registry = self.env.registry
        documents = sorted(
            name
            for name in registry["corporate.client.document"]._inherit_children
            if not registry[name]._abstract and not registry[name]._transient
        )
        self.assertGreaterEqual(len(documents), 10, documents)
        ref = self.env.ref
        roles = {
            ref("corporate_client.group_account_manager"): MANAGER,
            ref("corporate_client.group_department_head"): HEAD,
            ref("corporate_client.group_director"): DIRECTOR,
        }
        for name in documents:
            rules = self.env["ir.rule"].search([("model_id.model", "=", name)])
            with self.subTest(model=name):
                self.assertEqual(
                    rules.filtered("global").mapped("domain_force"), [COMPANY], "multi-company"
                )
                for group, domain in roles.items():
                    self.assertEqual(
                        rules.filtered(lambda r, g=group: g in r.groups).mapped("domain_force"),
                        [domain],
                        group.name,
                    )
