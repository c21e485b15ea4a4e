"""Indexes the addon adds to res_partner and account_move_line, and their removal.

The figures that justify them come from ``tools/bench_scale.py`` (100k partners,
50k invoices); here we check that they exist with the right predicate, that the
queries they are for can use them, and that uninstalling drops them.
"""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..hooks import FOREIGN_INDEXES, uninstall_hook


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def _indexes(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN %s",
            [tuple(FOREIGN_INDEXES)],
        )
        return dict(self.env.cr.fetchall())

    def test_indexes_exist_partial(self):
        indexes = self._indexes()
        self.assertEqual(set(indexes), set(FOREIGN_INDEXES))
        salesperson = indexes["res_partner_corporate_user_id_index"]
        self.assertIn("ON public.res_partner USING btree (user_id)", salesperson)
        self.assertIn("WHERE (user_id IS NOT NULL)", salesperson)
        open_items = indexes["account_move_line_corporate_open_item_index"]
        self.assertIn("(partner_id, date_maturity)", open_items)
        self.assertIn("amount_residual <> (0)::numeric", open_items)
        self.assertIn("'posted'", open_items)

    def test_aging_report_can_use_open_item_index(self):
        """The report's WHERE implies the partial index predicate (else it is never used).

        Read for one client, as its card does.  Which index the planner picks
        depends on the data (on a demo database, Odoo's own partial index on
        unreconciled lines): the table's other indexes are dropped for the
        test (rolled back with it), so that ours is used if, and only if, its
        predicate holds for the report's WHERE.
        """
        ours = "account_move_line_corporate_open_item_index"
        self.env.cr.execute(
            """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = 'account_move_line'::regclass
               AND NOT i.indisprimary AND NOT i.indisunique AND c.relname != %s
            """,
            [ours],
        )
        for (name,) in self.env.cr.fetchall():
            self.env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        partner = self.env.user.partner_id
        query = self.env["corporate.receivable.report"]._search([("partner_id", "=", partner.id)])
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_bitmapscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row for (row,) in self.env.cr.fetchall())
        self.assertIn(ours, plan)

    def test_uninstall_hook_drops_them(self):
        uninstall_hook(self.env)
        self.assertFalse(self._indexes())
