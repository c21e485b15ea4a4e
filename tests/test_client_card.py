from datetime import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestClientCard(CorporateClientCase):
    def test_card_on_company(self):
        """The card delegates to its company; contacts lead to the same card."""
        card = self.client_a
        self.assertTrue(card.partner_id.is_company)
        self.assertTrue(card.partner_id.is_corporate_client)
        self.assertTrue(card.child_ids.is_corporate_client)
        self.assertEqual(card.team_id, self.team_north, "department defaults to the manager's")
        self.assertEqual(card.head_id, self.head_north)
        self.assertEqual(card.stage, "prospect")
        action = card.child_ids[:1].action_open_corporate_client()
        self.assertEqual(action["res_id"], card.id)
        self.assertFalse(self.retail.is_corporate_client)

    def test_make_existing_company_a_client(self):
        partner = self.env["res.partner"].create({"name": "Delta Foods", "is_company": True})
        action = partner.with_user(self.manager_a).action_open_corporate_client()
        card = self.env["corporate.client"].browse(action["res_id"])
        self.assertEqual(card.partner_id, partner)
        self.assertTrue(partner.is_corporate_client)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["corporate.client"].create({"partner_id": partner.id})

    def test_completeness_lists_missing(self):
        card = self.create_client("Omega", self.manager_a, vat=False, segment=False)
        self.assertFalse(card.is_complete)
        for label in ("VAT / tax id", "segment", "decision maker"):
            self.assertIn(label, card.missing_info)
        card.write({"vat": "01.111.222.3-444.000", "segment": "large"})
        self.add_decision_maker(card)
        self.assertTrue(card.is_complete, card.missing_info)
        self.assertFalse(card.missing_info)

    def test_tender_only_for_state_owned(self):
        with self.assertRaisesRegex(ValidationError, "Only state-owned"):
            self.client_a.write({"is_tender": True})
        self.client_a.write({"segment": "state", "is_tender": True})
        self.assertIn("tender reference", self.client_a.missing_info)
        self.client_a.tender_reference = "TND-1"
        self.assertNotIn("tender reference", self.client_a.missing_info or "")

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "founding date"):
            self.client_a.founding_date = "2999-01-01"
        retail_team = self.env["crm.team"].create({"name": "Retail"})
        with self.assertRaisesRegex(ValidationError, "not a corporate department"):
            self.client_a.team_id = retail_team
        with self.assertRaisesRegex(ValidationError, "not a contact of"):
            self.env["corporate.client.contact"].create(
                {
                    "client_id": self.client_a.id,
                    "contact_id": self.client_b.child_ids[:1].id,
                    "role": "negotiator",
                }
            )
        with self.assertRaisesRegex(ValidationError, "not flagged as a competitor"):
            self.env["corporate.client.competitor"].create(
                {"client_id": self.client_a.id, "competitor_id": self.retail.id}
            )

    @freeze_time("2026-11-02 09:00:00")
    def test_register_on_time_notifies_services(self):
        """R6: registration checks completeness, notifies, stores timeliness (R30)."""
        self.company.write(
            {
                "corporate_notify_accounting_ids": [(6, 0, self.accountant.ids)],
                "corporate_notify_logistics_ids": [(6, 0, self.logistics.ids)],
            }
        )
        card = self.create_client("Fresh Co", self.manager_a)
        with self.assertRaisesRegex(UserError, "fill in decision maker"):
            card.with_user(self.manager_a).action_register()
        self.add_decision_maker(card)
        card.with_user(self.manager_a).action_register()
        self.assertEqual(card.registration_state, "registered")
        self.assertEqual(card.registration_date, datetime(2026, 11, 2, 9, 0))
        self.assertTrue(card.registered_on_time)
        message = card.message_ids.filtered(lambda m: "registered" in (m.body or ""))[:1]
        self.assertTrue(message)
        self.assertEqual(
            set(message.partner_ids.ids),
            set((self.accountant | self.logistics).partner_id.ids),
        )
        with self.assertRaisesRegex(UserError, "already registered"):
            card.action_register()

    def test_registration_deadline_counts_working_days(self):
        """Created on a Friday: 2 working days later is Tuesday, public holidays skip."""
        with freeze_time("2026-11-27 10:00:00"):  # Friday
            card = self.create_client("Late Co", self.manager_a)
        card.invalidate_recordset(["registration_deadline"])
        self.assertEqual(card.registration_deadline.date().isoformat(), "2026-12-01")
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": "2026-11-30 00:00:00",
                "date_to": "2026-11-30 23:59:59",
            }
        )
        card._compute_registration_deadline()
        self.assertEqual(card.registration_deadline.date().isoformat(), "2026-12-02")
        self.add_decision_maker(card)
        with freeze_time("2026-12-03 09:00:00"):
            card.action_register()
        self.assertFalse(card.registered_on_time)

    def test_checkin_cron_once_per_period(self):
        """R7: a check-in activity per due client, never twice in the same month."""
        activity_type = self.env.ref("corporate_client.mail_activity_type_checkin")

        def checkins(card):
            return card.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        with freeze_time("2026-12-28 08:00:00"):
            Client = self.env["corporate.client"]
            # Last contacted 31 days ago: due, whatever day the suite runs on.
            self.client_a.last_contact_date = datetime(2026, 11, 27, 8, 0)
            self.assertIn(self.client_a, Client._cron_checkin_activities())
            Client._cron_checkin_activities()
            self.assertEqual(len(checkins(self.client_a)), 1)
            self.assertEqual(checkins(self.client_a).user_id, self.manager_a)
            checkins(self.client_a).action_feedback("Called, all fine")
            Client._cron_checkin_activities()
            self.assertFalse(checkins(self.client_a), "never twice in the same period")
        # The call marked done was a contact (R7): the next check-in is due a
        # month after it, in the next period.
        with freeze_time("2027-01-28 08:00:00"):
            self.env["corporate.client"]._cron_checkin_activities()
            self.assertEqual(len(checkins(self.client_a)), 1)

    def test_freshness_filters(self):
        with freeze_time("2026-01-01"):
            old = self.create_client("Old Co", self.manager_a)
        Client = self.env["corporate.client"]
        stale = Client.search([("is_stale", "=", True)])
        self.assertIn(old, stale)
        self.assertNotIn(self.client_a, stale)
        self.assertIn(old, Client.search([("not_contacted_30", "=", True)]))
        old.write({"last_contact_date": datetime.now()})
        self.assertNotIn(old, Client.search([("not_contacted_30", "=", True)]))
        self.assertIn(
            old, Client.search([("is_stale", "=", True)]), "logging a contact is not a card update"
        )
        old.write({"segment": "large"})
        self.assertNotIn(old, Client.search([("is_stale", "=", True)]))

    def test_retail_corporate_separation(self):
        """R5: one salesperson never works both segments when the setting is on."""
        # Off: anything goes.
        self.retail.user_id = self.manager_a
        self.retail.user_id = False
        self.company.corporate_separate_retail = True
        with self.assertRaisesRegex(ValidationError, "retail customer"):
            self.retail.user_id = self.manager_a
        with self.assertRaisesRegex(ValidationError, "not a corporate account manager"):
            self.client_a.user_id = self.retail_seller
        with self.assertRaisesRegex(ValidationError, "retail customer"):
            self.env["sale.order"].create(
                {"partner_id": self.retail.id, "user_id": self.manager_a.id}
            )
        with self.assertRaisesRegex(ValidationError, "not a corporate account manager"):
            self.env["sale.order"].create(
                {"partner_id": self.client_a.partner_id.id, "user_id": self.retail_seller.id}
            )
        order = self.env["sale.order"].create(
            {"partner_id": self.retail.id, "user_id": self.retail_seller.id}
        )
        self.assertEqual(order.user_id, self.retail_seller)

    def test_manager_change_is_logged(self):
        env = self.env(user=self.head_north.id, context={"tracking_disable": False})
        self.env.cr.precommit.run()  # what the setup left pending (untracked creations)
        env["corporate.client"].browse(self.client_a.id).user_id = self.manager_b
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.env.invalidate_all()
        tracked = self.client_a.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "user_id"
        )
        self.assertEqual(
            (tracked.old_value_char, tracked.new_value_char),
            (self.manager_a.name, self.manager_b.name),
        )
