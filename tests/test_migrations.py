"""Issue 31: the migrations match records by xml id or key, never by English
words, and drop a column only when this addon declared it."""

import importlib.util
import os

from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .receivable_common import CorporateAccountingCase


def migration(version, script):
    """The ``migrate`` function of ``migrations/<version>/<script>.py``."""
    path = os.path.join(get_module_path("corporate_client"), "migrations", version, f"{script}.py")
    spec = importlib.util.spec_from_file_location(f"cc_migration_{script}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.migrate


@tagged("post_install", "-at_install")
class TestMigrations(CorporateAccountingCase):
    def _activity(self, summary):
        return (
            self.env["mail.activity"]
            .sudo()
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("corporate.client"),
                    "res_id": self.client_a.id,
                    "activity_type_id": self.env.ref(
                        "corporate_client.mail_activity_type_collect_payment"
                    ).id,
                    "user_id": self.manager_a.id,
                    "summary": summary,
                }
            )
        )

    def test_collection_activities_matched_by_invoice_number_in_any_language(self):
        first = self.invoice(self.client_a, 100, "2026-01-05", "2026-02-04")
        second = self.invoice(self.client_a, 200, "2026-01-06", "2026-02-05")
        other = self.invoice(self.client_b, 300, "2026-01-07", "2026-02-06")
        indonesian = self._activity(f"Tagih pembayaran {first.name} (Rp 100 jatuh tempo)")
        english = self._activity(f"Escalated: {second.name} of Alpha Industries overdue")
        both = self._activity(f"{first.name}, {second.name}")
        not_theirs = self._activity(f"Collect payment of {other.name} (300)")
        prefix = self._activity(f"Collect payment of {first.name}9 (100)")
        activities = indonesian | english | both | not_theirs | prefix
        activities.write({"corporate_move_id": False})
        # A migration runs in SQL on what the database holds: nothing pending.
        self.env.flush_all()
        migrate = migration("18.0.2.0.0", "post-collection-activities")
        none = self.env["account.move"]
        for _run in range(2):  # idempotent
            migrate(self.env.cr, "18.0.1.0.0")
            activities.invalidate_recordset()
            self.assertEqual(
                [activity.corporate_move_id for activity in activities],
                [first, second, none, none, none],
            )

    def _add_birthday_column(self, contact, declared_by):
        """The stored column of 18.0.1, and the xml ids of the modules declaring
        the field (the field's record exists: 18.0.2 computes it)."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE res_partner ADD COLUMN birthday date")
        cr.execute("UPDATE res_partner SET birthday = '1985-06-10' WHERE id = %s", [contact.id])
        cr.execute(
            "SELECT id FROM ir_model_fields WHERE model = 'res.partner' AND name = 'birthday'"
        )
        field_id = cr.fetchone()[0]
        cr.execute(
            "DELETE FROM ir_model_data WHERE model = 'ir.model.fields' AND res_id = %s",
            [field_id],
        )
        for module in declared_by:
            cr.execute(
                """
                INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
                VALUES (%s, 'field_res_partner__birthday', 'ir.model.fields', %s, false)
                """,
                [module, field_id],
            )

    def _birthday_column(self):
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name = 'birthday'"
        )
        return bool(self.env.cr.fetchone())

    def _check_birthdays(self, declared_by, copied, dropped):
        contact = self.env["res.partner"].create(
            {"name": "Rina", "parent_id": self.client_a.partner_id.id}
        )
        self._add_birthday_column(contact, declared_by)
        migration("18.0.2.0.0", "post-migrate")(self.env.cr, "18.0.1.0.0")
        birthdays = self.env["corporate.contact.birthday"].search([("contact_id", "=", contact.id)])
        self.assertEqual(bool(birthdays), copied)
        self.assertEqual(self._birthday_column(), not dropped)

    def test_birthday_column_of_nobody_is_left(self):
        self._check_birthdays((), copied=False, dropped=False)

    def test_birthday_column_shared_is_copied_not_dropped(self):
        self._check_birthdays(("corporate_client", "other_module"), copied=True, dropped=False)

    def test_birthday_column_ours_is_copied_and_dropped(self):
        self._check_birthdays(("corporate_client",), copied=True, dropped=True)
        # Run again (the column gone): nothing to do.
        migration("18.0.2.0.0", "post-migrate")(self.env.cr, "18.0.1.0.0")
