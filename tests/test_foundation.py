import odoo
from odoo.tests import tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestFoundation(CorporateClientCase):
    def test_addon_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "corporate_client")])
        self.assertEqual(module.state, "installed")
        # The version installed is the manifest's (its migrations ran).
        manifest = odoo.modules.module.get_manifest("corporate_client")
        self.assertEqual(module.latest_version, manifest["version"])
        self.assertTrue(manifest["version"].startswith("18.0."))
        menu = self.env.ref("corporate_client.menu_corporate_root")
        self.assertEqual(menu.name, "Corporate Clients")

    def test_manifest_lists_each_file_once(self):
        manifest = odoo.modules.module.get_manifest("corporate_client")
        for key in ("data", "demo"):
            files = manifest[key]
            self.assertEqual(len(files), len(set(files)), f"{key} lists a file twice")

    def test_group_hierarchy(self):
        """Account Manager -> Department Head -> Director, each on a Sales group."""
        ref = self.env.ref
        manager = ref("corporate_client.group_account_manager")
        head = ref("corporate_client.group_department_head")
        director = ref("corporate_client.group_director")
        category = ref("corporate_client.module_category_corporate_client")
        for group in (manager, head, director):
            self.assertEqual(group.category_id, category)
        self.assertEqual(
            manager.implied_ids,
            ref("sales_team.group_sale_salesman") | ref("base.group_partner_manager"),
        )
        self.assertEqual(
            head.implied_ids, manager | ref("sales_team.group_sale_salesman_all_leads")
        )
        # The director exports the client list (issue 30).
        self.assertEqual(
            director.implied_ids,
            head | ref("sales_team.group_sale_manager") | ref("base.group_allow_export"),
        )
        # Transitively: a director has every corporate and sales group.
        self.assertTrue(self.director.has_group("corporate_client.group_account_manager"))
        self.assertTrue(self.director.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.head_north.has_group("corporate_client.group_account_manager"))
        self.assertFalse(self.head_north.has_group("corporate_client.group_director"))
        self.assertFalse(self.head_north.has_group("sales_team.group_sale_manager"))
        self.assertFalse(self.manager_a.has_group("corporate_client.group_department_head"))
        self.assertFalse(self.manager_a.has_group("sales_team.group_sale_salesman_all_leads"))

    def test_corporate_department_flag(self):
        self.assertTrue(self.team_north.is_corporate)
        self.assertEqual(self.manager_a.corporate_team_id, self.team_north)
        self.assertEqual(self.head_north.corporate_team_id, self.team_north)
        self.assertFalse(self.employee.corporate_team_id)
        self.assertEqual(self.team_north.corporate_client_count, 2)

    def test_menu_actions_resolve(self):
        """No menu of the app opens an empty or broken action."""
        root = self.env.ref("corporate_client.menu_corporate_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        leaves = menus.filtered("action")
        self.assertGreaterEqual(len(leaves), 5)
        for menu in leaves:
            action = menu.action
            self.assertTrue(action.exists(), menu.complete_name)
            if action._name == "ir.actions.act_window":
                self.assertIn(action.res_model, self.env, menu.complete_name)
        # Sections without any action below them stay hidden for everyone.
        visible = self.env["ir.ui.menu"].with_user(self.director)._visible_menu_ids()
        for menu in menus - leaves:
            if menu.id in visible and menu != root:
                self.assertTrue(
                    menu.child_id.filtered(lambda m: m.id in visible),
                    f"{menu.complete_name} is an empty section",
                )
