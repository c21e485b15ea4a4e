from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .clock import freeze_time
from .common import CorporateClientCase

NOW = "2026-11-18 03:00:00"  # 10:00 in Jakarta, a Wednesday


@tagged("post_install", "-at_install")
class TestWorkQueue(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Queue = cls.env["corporate.work.queue"]
        cls.checkin_type = cls.env.ref("corporate_client.mail_activity_type_checkin")
        cls.collect_type = cls.env.ref("corporate_client.mail_activity_type_collect_payment")

    def _fresh(self, card):
        """A card contacted just now: no check-in due."""
        card.last_contact_date = datetime.fromisoformat(NOW)

    def _rows(self, user):
        return self.Queue.with_user(user)._work_queue(user)

    @freeze_time(NOW)
    def test_rows_and_order(self):
        today = self.local_today()
        for card in (self.client_a, self.client_b, self.client_c):
            self._fresh(card)
        overdue = self.client_a.activity_schedule(
            activity_type_id=self.collect_type.id,
            date_deadline=today - timedelta(days=2),
            user_id=self.manager_a.id,
            summary="Collect the overdue invoice",
        )
        later = self.client_a.activity_schedule(
            activity_type_id=self.collect_type.id,
            date_deadline=today + timedelta(days=3),
            user_id=self.manager_a.id,
        )
        offer_card = self.create_client("Delta Paper", self.manager_a)
        self.add_decision_maker(offer_card).phone = "+62 811 000 111"
        self.log_call(offer_card, self.manager_a, outcome="offer_requested")
        due_card = self.create_client("Epsilon Steel", self.manager_a)
        due_card.last_contact_date = datetime.fromisoformat(NOW) - timedelta(days=40)
        rows = self._rows(self.manager_a)
        # Overdue first (the check-in due 10 days ago, then the collection due
        # 2 days ago), then today's offer; the later collection is not there.
        self.assertEqual(
            [(row["client_name"], row["kind"], row["overdue"]) for row in rows],
            [
                ("Epsilon Steel", "checkin", True),
                ("Alpha Industries", "activity", True),
                ("Delta Paper", "offer_requested", False),
            ],
        )
        collection = rows[1]
        self.assertEqual(collection["reason"], "Collect the overdue invoice")
        self.assertEqual(collection["activity_id"], overdue.id)
        self.assertNotIn(later.id, [row["activity_id"] for row in rows])
        # The contact person with a phone comes first, else the company's phone.
        self.assertEqual(rows[2]["contact"], "Director of Delta Paper")
        self.assertEqual(rows[2]["phone"], "+62 811 000 111")
        self.assertEqual(rows[0]["phone"], "+62 21 555 0101")
        # Nothing of another manager's portfolio.
        self.assertFalse(self._rows(self.manager_b))

    @freeze_time(NOW)
    def test_quota_furthest_behind_comes_first(self):
        for metric, target in (("calls", 2), ("phone_offers", 5)):
            self.env["corporate.quota"].create(
                {
                    "metric": metric,
                    "period": "day",
                    "target": target,
                    "user_id": self.manager_a.id,
                }
            )
        self._fresh(self.client_a)
        self.log_call(self.client_a, self.manager_a)  # calls: 1 / 2, offers: 0 / 5
        callback = self.create_client("Zeta Callback", self.manager_a)
        self.log_call(callback, self.manager_a, outcome="callback")
        offer = self.create_client("Zulu Offer", self.manager_a)
        self.log_call(offer, self.manager_a, outcome="offer_requested")
        data = self.Queue.with_user(self.manager_a).get_my_day()
        self.assertEqual(
            [row["client_name"] for row in data["rows"]], ["Zulu Offer", "Zeta Callback"]
        )
        # Email and phone offers are both at 0 % (the company's default email
        # quota and the manager's phone quota): a tie goes to the registry's order.
        self.assertEqual(data["rows"][0]["helps"], "Email offers")
        bars = {(bar["period"], bar["metric"]): bar for bar in data["bars"]}
        self.assertEqual((bars["day", "calls"]["actual"], bars["day", "calls"]["target"]), (3, 2))

    @freeze_time(NOW)
    def test_log_call_from_row_closes_activity_and_leaves_trace(self):
        today = self.local_today()
        self._fresh(self.client_a)
        activity = self.client_a.activity_schedule(
            activity_type_id=self.checkin_type.id,
            date_deadline=today,
            user_id=self.manager_a.id,
        )
        row = self._rows(self.manager_a)[0]
        action = self.Queue.with_user(self.manager_a).action_log(
            row["key"], row["client_id"], "call"
        )
        self.assertEqual(action["context"]["corporate_queue_activity_id"], activity.id)
        call = (
            self.env["corporate.interaction"]
            .with_user(self.manager_a)
            .with_context(**action["context"])
            .create({"outcome": "reached", "note": "All fine"})
        )
        self.assertEqual(call.client_id, self.client_a)
        self.assertFalse(activity.exists())
        # One call only: the activity done does not log a second one.
        self.assertEqual(
            self.env["corporate.interaction"].search_count([("client_id", "=", self.client_a.id)]),
            1,
        )
        notes = self.client_a.message_ids.mapped("body")
        # The trace says what was done; the notes stay on the interaction, whose
        # rules follow the card's manager (accountants read the card's chatter).
        self.assertTrue(any("Call: Reached" in body for body in notes))
        self.assertFalse(any("All fine" in body for body in notes))
        self.assertEqual(call.note, "All fine")
        self.assertFalse(self._rows(self.manager_a))
        toast = call.with_user(self.manager_a).action_logged()
        self.assertEqual(toast["tag"], "display_notification")
        self.assertIn("Alpha Industries", toast["params"]["message"])

    @freeze_time(NOW)
    def test_snooze(self):
        today = self.local_today()
        self._fresh(self.client_a)
        self.log_call(self.client_a, self.manager_a, outcome="callback")
        activity = self.client_a.activity_schedule(
            activity_type_id=self.collect_type.id, date_deadline=today, user_id=self.manager_a.id
        )
        Queue = self.Queue.with_user(self.manager_a)
        with self.assertRaisesRegex(UserError, "after today"):
            Queue.action_snooze(f"callback-{self.client_a.id}", today)
        for row in self._rows(self.manager_a):
            Queue.action_snooze(row["key"], today + timedelta(days=2))
        self.assertFalse(self._rows(self.manager_a))
        self.assertEqual(activity.date_deadline, today + timedelta(days=2))
        # Another manager cannot snooze Anna's rows.
        with self.assertRaises(AccessError):
            self.Queue.with_user(self.manager_c).action_snooze(
                f"callback-{self.client_a.id}", today + timedelta(days=1)
            )
        with freeze_time(datetime.fromisoformat(NOW) + timedelta(days=2)):
            self.assertEqual(
                [row["kind"] for row in self._rows(self.manager_a)], ["activity", "callback"]
            )

    @freeze_time(NOW)
    def test_substitute_sees_absent_managers_queue(self):
        self._fresh(self.client_a)
        self._fresh(self.client_b)
        self.log_call(self.client_a, self.manager_a, outcome="callback")
        data = self.Queue.with_user(self.manager_b).get_my_day()
        self.assertFalse(data["substitutes"])
        today = self.local_today()
        sub = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_a.id,
                "substitute_user_id": self.manager_b.id,
                "date_from": today,
                "date_to": today + timedelta(days=5),
                "order_ref": "Order 19",
            }
        )
        sub.with_user(self.director).action_confirm()
        self.env.invalidate_all()
        data = self.Queue.with_user(self.manager_b).get_my_day()
        self.assertFalse(data["rows"])
        self.assertEqual(len(data["substitutes"]), 1)
        section = data["substitutes"][0]
        self.assertEqual(section["user_id"], self.manager_a.id)
        self.assertEqual([row["client_name"] for row in section["rows"]], ["Alpha Industries"])
        # Manager C substitutes nobody and sees nothing of it.
        self.assertFalse(self.Queue.with_user(self.manager_c).get_my_day()["substitutes"])

    @freeze_time(NOW)
    def test_query_count_independent_of_rows(self):
        self._fresh(self.client_a)

        def add_rows(count, start):
            for index in range(count):
                card = self.create_client(f"Queue Client {start + index}", self.manager_a)
                self.add_decision_maker(card).phone = "+62 811 1"
                card.activity_schedule(
                    activity_type_id=self.collect_type.id,
                    date_deadline=self.local_today() - timedelta(days=1),
                    user_id=self.manager_a.id,
                )
                self.log_call(card, self.manager_a, outcome="callback")

        Queue = self.Queue.with_user(self.manager_a)
        add_rows(2, 0)
        Queue.get_my_day()  # warm the caches (groups, views)
        self.env.invalidate_all()
        queries = self._count_queries(Queue)
        add_rows(10, 2)
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            data = Queue.get_my_day()
        self.assertEqual(len(data["rows"]), 24)

    def _count_queries(self, Queue):
        start = self.env.cr.sql_log_count
        Queue.get_my_day()
        return self.env.cr.sql_log_count - start

    def test_landing_page_by_role(self):
        Queue = self.env["corporate.work.queue"]
        self.assertEqual(
            Queue.with_user(self.manager_a).action_home()["tag"], "corporate_client.my_day"
        )
        head = Queue.with_user(self.head_north).action_home()
        self.assertEqual(head["tag"], "corporate_client.team_progress")
        director = Queue.with_user(self.director).action_home()
        self.assertEqual(director["tag"], "corporate_client.overview")
        accountant = Queue.with_user(self.accountant).action_home()
        self.assertEqual(accountant["res_model"], "corporate.client")

    @freeze_time(NOW)
    def test_director_overview(self):
        today = self.local_today()
        self._fresh(self.client_a)
        self.log_call(self.client_a, self.manager_a)
        self.log_call(self.client_b, self.manager_b)
        self.log_call(self.client_c, self.manager_c)
        sub = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_c.id,
                "substitute_user_id": self.manager_a.id,
                "date_from": today + timedelta(days=3),
                "date_to": today + timedelta(days=9),
                "order_ref": "Order 19",
            }
        )
        sub.with_user(self.director).action_confirm()
        self.manager_b.with_user(self.director).corporate_attestation_next_date = today + timedelta(
            days=10
        )
        with self.assertRaises(AccessError):
            self.Queue.with_user(self.head_north).get_overview()
        data = self.Queue.with_user(self.director).get_overview()
        north = next(d for d in data["departments"] if d["id"] == self.team_north.id)
        calls = next(f for f in north["figures"] if f["key"] == "day-calls")
        # Two managers, 30 calls a day each by default: done and target summed.
        self.assertEqual((calls["actual"], calls["target"]), (2, 60))
        self.assertEqual(
            [(s["absent"], s["substitute"]) for s in data["substitutions"]],
            [(self.manager_c.name, self.manager_a.name)],
        )
        self.assertIn(self.manager_b.id, [a["id"] for a in data["attestations"]])


class WorkQueueTourMixin:
    def _run_queue_tour(self):
        self.client_a.last_contact_date = datetime.now() - timedelta(days=40)
        self.client_b.last_contact_date = datetime.now()
        self.client_c.last_contact_date = datetime.now()
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_home",
            "corporate_client_work_queue",
            login="cc_manager_a",
        )
        call = self.env["corporate.interaction"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual((call.interaction_type, call.outcome), ("call", "reached"))
        self.assertIn("Call: Reached", "".join(self.client_a.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestWorkQueueTours(WorkQueueTourMixin, HttpCase, CorporateClientCase):
    def test_queue_tour_desktop(self):
        self._run_queue_tour()

    def test_director_overview_tour(self):
        today = self.local_today()
        sub = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_c.id,
                "substitute_user_id": self.manager_a.id,
                "date_from": today + timedelta(days=1),
                "date_to": today + timedelta(days=5),
                "order_ref": "Order 19",
            }
        )
        sub.with_user(self.director).action_confirm()
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_home",
            "corporate_client_director_overview",
            login="cc_director",
        )


@tagged("post_install", "-at_install")
class TestWorkQueueToursPhone(WorkQueueTourMixin, HttpCase, CorporateClientCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_queue_tour_phone(self):
        self._run_queue_tour()
