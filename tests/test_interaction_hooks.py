"""Interactions logged by hand, by the system, and who sees them."""

import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestInteractionHooks(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Interaction = cls.env["corporate.interaction"]
        cls.product = cls.env["product.product"].create({"name": "Paper A4", "list_price": 5.0})

    def _interactions(self, client, **domain):
        return self.Interaction.search(
            [("client_id", "=", client.id)] + [(k, "=", v) for k, v in domain.items()]
        )

    # ------------------------------------------------------------------ by hand
    def test_quick_log_from_the_card(self):
        action = self.client_a.with_user(self.manager_a).action_log_call()
        self.assertEqual(action["target"], "new")
        Interaction = self.Interaction.with_user(self.manager_a).with_context(**action["context"])
        with Form(
            Interaction, view="corporate_client.corporate_interaction_view_form_quick"
        ) as form:
            self.assertEqual(form.client_id, self.client_a)
            form.outcome = "offer_requested"
            form.note = "Wants a price list for paper"
        call = form.record
        self.assertEqual(
            (call.interaction_type, call.user_id, call.direction),
            ("call", self.manager_a, "outgoing"),
        )
        self.assertEqual(self.client_a.last_outcome, "offer_requested")
        self.assertEqual(self.client_a.last_contact_date, call.date)
        offer = self.client_a.with_user(self.manager_a).action_log_offer()
        self.assertEqual(offer["context"]["default_interaction_type"], "phone_offer")

    def test_partner_must_be_a_corporate_client(self):
        with self.assertRaisesRegex(ValidationError, "Corner Shop is not a corporate client"):
            self.Interaction.create({"partner_id": self.retail.id, "interaction_type": "call"})
        contact = self.client_a.child_ids[:1]
        call = self.Interaction.with_user(self.manager_a).create(
            {"partner_id": contact.id, "interaction_type": "call"}
        )
        self.assertEqual((call.client_id, call.contact_id), (self.client_a, contact))
        with self.assertRaisesRegex(ValidationError, "does not work for"):
            self.Interaction.create(
                {
                    "client_id": self.client_b.id,
                    "contact_id": contact.id,
                    "interaction_type": "call",
                }
            )

    @freeze_time("2026-11-10 10:00:00")
    def test_future_interaction_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be dated in the future"):
            self.Interaction.with_user(self.manager_a).create(
                {"client_id": self.client_a.id, "date": "2026-11-10 10:05:00"}
            )

    # ------------------------------------------------------------------ automatic
    def test_quotation_email_logs_an_email_offer(self):
        def send(order, user):
            action = order.with_user(user).action_quotation_send()
            composer = (
                self.env["mail.compose.message"]
                .with_user(user)
                .with_context(**action["context"])
                .create({})
            )
            composer.action_send_mail()

        order = (
            self.env["sale.order"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_id": self.client_a.child_ids[:1].id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 10})],
                }
            )
        )
        send(order, self.manager_a)
        self.assertEqual(order.state, "sent")
        offer = self._interactions(self.client_a, interaction_type="email_offer")
        self.assertEqual(len(offer), 1)
        self.assertEqual(offer.sale_order_id, order)
        self.assertEqual(offer.user_id, self.manager_a)
        self.assertEqual(offer.contact_id, self.client_a.child_ids[:1])
        self.assertIn(order.name, offer.note)
        self.assertTrue(self.client_a.last_contact_date)
        # Sent again the same day: still one offer; the next day: a second one.
        send(order, self.manager_a)
        self.assertEqual(len(self._interactions(self.client_a, interaction_type="email_offer")), 1)
        offer.date = fields.Datetime.now() - timedelta(days=1)
        send(order, self.manager_a)
        self.assertEqual(len(self._interactions(self.client_a, interaction_type="email_offer")), 2)
        # A confirmed order's email is no offer.
        order.action_confirm()
        send(order, self.manager_a)
        self.assertEqual(len(self._interactions(self.client_a, interaction_type="email_offer")), 2)
        # A retail customer's quotation is not a client contact: nothing logged, no error.
        retail_order = self.env["sale.order"].create(
            {
                "partner_id": self.retail.id,
                "user_id": self.retail_seller.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        before = self.Interaction.search_count([])
        send(retail_order, self.retail_seller)
        self.assertEqual(retail_order.state, "sent")
        self.assertEqual(self.Interaction.search_count([]), before)

    @freeze_time("2026-11-10 03:00:00")
    def test_every_quotation_email_counts_once_a_day(self):
        """Mass send from the list, the composer on one order, the chatter (R17)."""
        Order = self.env["sale.order"].with_user(self.manager_a)
        line = [(0, 0, {"product_id": self.product.id, "product_uom_qty": 5})]
        orders = Order.create(
            [
                {"partner_id": self.client_a.partner_id.id, "order_line": line},
                {"partner_id": self.client_a.child_ids[:1].id, "order_line": line},
                {"partner_id": self.client_b.partner_id.id, "order_line": line},
            ]
        )
        orders[2].user_id = self.manager_a  # manager_a may send it too (own documents)
        template = self.env.ref("sale.email_template_edi_sale")

        def offers():
            return self.Interaction.search(
                [("sale_order_id", "in", orders.ids), ("interaction_type", "=", "email_offer")]
            )

        def send_from_list(records):
            # "Send an email" on the selected rows of the quotation list.
            action = self.env.ref("sale.model_sale_order_send_mail").with_user(self.manager_a)
            context = action.with_context(active_model="sale.order", active_ids=records.ids).run()[
                "context"
            ]
            self.assertEqual(context["default_composition_mode"], "mass_mail")
            composer = (
                self.env["mail.compose.message"]
                .with_user(self.manager_a)
                .with_context(**context)
                .create({"template_id": template.id})
            )
            composer.action_send_mail()

        send_from_list(orders)
        self.assertEqual(len(offers()), 3)
        self.assertEqual(offers().sale_order_id, orders)
        self.assertEqual(set(offers().mapped("user_id")), {self.manager_a})
        self.assertEqual(
            offers().client_id, self.client_a | self.client_b, "each offer on its client's card"
        )
        # The same day: sent again from the list, by the single send, or a chatter
        # message to the client: nothing more.
        send_from_list(orders[:2])
        orders[0].with_user(self.manager_a).message_post(
            body="Our offer, as discussed",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.client_a.partner_id.ids,
        )
        self.assertEqual(len(offers()), 3)
        # The next day: a chatter message emailing the client is an offer again;
        # an internal note, a message to a colleague only, an email the system
        # sends or the client's reply are not.
        with freeze_time("2026-11-11 03:00:00"):
            orders[0].with_user(self.env.ref("base.user_root")).message_post(
                body="Automatic reminder",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.client_a.partner_id.ids,
            )
            orders[0].with_user(self.manager_a).message_post(
                body="Re: our offer",
                message_type="email",
                subtype_xmlid="mail.mt_comment",
                author_id=self.client_a.partner_id.id,
                partner_ids=self.client_a.child_ids[:1].ids,
            )
            orders[0].with_user(self.manager_a).message_post(
                body="Internal: check the price", subtype_xmlid="mail.mt_note"
            )
            orders[1].with_user(self.manager_a).message_post(
                body="Can you check the delivery?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.manager_b.partner_id.ids,
            )
            self.assertEqual(len(offers()), 3)
            orders[0].with_user(self.manager_a).message_post(
                body="Our offer, as discussed",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.client_a.partner_id.ids,
            )
            self.assertEqual(len(offers()), 4)
            self.assertEqual(len(offers().filtered(lambda o: o.sale_order_id == orders[0])), 2)

    def test_done_call_activity_logs_a_call(self):
        activity = self.client_a.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.manager_a.id, summary="Discuss volumes"
        )
        self.assertEqual(activity.activity_category, "phonecall")
        activity.with_user(self.manager_a).action_feedback(feedback="Agreed to meet on Monday")
        call = self._interactions(self.client_a, interaction_type="call")
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.manager_a)
        self.assertIn("Discuss volumes", call.note)
        self.assertIn("Agreed to meet on Monday", call.note)
        self.assertEqual(self.client_a.last_contact_date, call.date)
        # On a contact person of a corporate client, and on a quotation.
        contact = self.client_b.child_ids[:1]
        contact.activity_schedule("mail.mail_activity_data_call", user_id=self.manager_b.id)
        contact.activity_ids.with_user(self.manager_b).action_done()
        call_b = self._interactions(self.client_b, interaction_type="call")
        self.assertEqual((call_b.contact_id, call_b.user_id), (contact, self.manager_b))
        # Other activity types, and non-client partners, log nothing.
        before = self.Interaction.search_count([])
        self.client_c.activity_schedule("mail.mail_activity_data_todo", user_id=self.manager_c.id)
        self.client_c.activity_ids.action_feedback(feedback="Done")
        self.retail.activity_schedule("mail.mail_activity_data_call", user_id=self.retail_seller.id)
        self.retail.activity_ids.action_feedback(feedback="Called")
        self.assertEqual(self.Interaction.search_count([]), before)

    # ------------------------------------------------------------------ mass offer
    def test_mass_offer_wizard_skips_and_lists(self):
        self.client_b.email = False
        self.env["mail.blacklist"]._add(self.client_c.email)
        wizard = (
            self.env["corporate.offer.wizard"]
            .with_user(self.director)
            .with_context(
                active_model="corporate.client",
                active_ids=(self.client_a | self.client_b | self.client_c).ids,
            )
            .create(
                {
                    "pdf_file": base64.b64encode(b"%PDF-1.4 price list"),
                    "pdf_filename": "Price list",
                }
            )
        )
        self.assertEqual(len(wizard.client_ids), 3)
        wizard.action_send()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.sent_client_ids, self.client_a)
        self.assertEqual(wizard.no_email_client_ids, self.client_b)
        self.assertEqual(wizard.opted_out_client_ids, self.client_c)
        self.assertIn("Offer sent to 1 companies.", wizard.summary)
        self.assertIn("no email address (1): Beta Trading", wizard.summary)
        self.assertIn("opted out of emails (1): Gamma Mining", wizard.summary)
        offer = self._interactions(self.client_a, interaction_type="email_offer")
        self.assertEqual((len(offer), offer.user_id), (1, self.director))
        self.assertFalse(self._interactions(self.client_b) | self._interactions(self.client_c))
        message = self.client_a.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        self.assertIn("commercial offer", message.subject)
        self.assertEqual(message.attachment_ids.mapped("name"), ["Price list.pdf"])
        self.assertIn(self.client_a.partner_id, message.notification_ids.res_partner_id)
        with self.assertRaisesRegex(UserError, "not a PDF"):
            self.env["corporate.offer.wizard"].create(
                {
                    "client_ids": self.client_a.ids,
                    "pdf_file": base64.b64encode(b"just text"),
                    "pdf_filename": "notes.txt",
                }
            ).action_send()

    # ------------------------------------------------------------------ R20
    def test_negotiate_soon(self):
        now = fields.Datetime.now()
        extra = self.create_client("Delta Paper", self.manager_a)
        lost = self.create_client("Lost Co", self.manager_a, stage="lost")
        quiet = self.create_client("Quiet Co", self.manager_a)
        self.Interaction.create({"client_id": self.client_a.id, "outcome": "callback", "date": now})
        self.client_b.stage = "negotiation"
        self.Interaction.create({"client_id": self.client_c.id, "outcome": "reached", "date": now})
        self.Interaction.create(
            {"client_id": extra.id, "outcome": "reached", "date": now - timedelta(days=25)}
        )
        self.Interaction.create({"client_id": lost.id, "outcome": "callback", "date": now})
        self.Interaction.create({"client_id": quiet.id, "outcome": "no_answer", "date": now})
        cards = self.client_a | self.client_b | self.client_c | extra | lost | quiet
        soon = self.env["corporate.client"].search(
            [("id", "in", cards.ids), ("negotiate_soon", "=", True)]
        )
        self.assertEqual(soon, self.client_a | self.client_b | extra)
        self.assertEqual(cards.filtered("negotiate_soon"), soon)
        self.assertEqual(
            self.env["corporate.client"].search(
                [("id", "in", cards.ids), ("negotiate_soon", "=", False)]
            ),
            self.client_c | lost | quiet,
        )

    def test_negotiate_soon_until_the_request_is_done(self):
        """R20: an offer requested stays until an offer is made, a callback until
        a later call reaches the client; any other interaction does not do."""
        now = fields.Datetime.now()
        card = self.client_c
        Client = self.env["corporate.client"]

        def log(minutes_ago, itype="call", outcome=False):
            self.Interaction.create(
                {
                    "client_id": card.id,
                    "interaction_type": itype,
                    "outcome": outcome,
                    "date": now - timedelta(minutes=minutes_ago),
                }
            )

        def soon():
            found = Client.search([("id", "=", card.id), ("negotiate_soon", "=", True)])
            self.assertEqual(bool(found), card.negotiate_soon)
            return card.pending_request if found else False

        log(60, outcome="offer_requested")
        self.assertEqual(soon(), "offer_requested")
        log(50, outcome="reached")  # another call: the offer is still not sent
        log(120, "email_offer")  # an older offer, logged late
        self.assertEqual(soon(), "offer_requested")
        log(40, "email_offer")
        self.assertFalse(soon())
        log(30, outcome="callback")
        log(20, outcome="no_answer")  # nobody picked up
        log(15, "phone_offer")  # not a call back
        self.assertEqual(soon(), "callback")
        log(10, outcome="reached")
        self.assertFalse(soon())
        self.assertEqual(card.last_outcome, "reached")

    # ------------------------------------------------------------------ access
    def test_access_per_role(self):
        with freeze_time("2026-11-20 10:00:00"):
            logged = {
                user: self.Interaction.create(
                    {"client_id": client.id, "user_id": user.id, "date": "2026-11-20 08:00:00"}
                )
                for user, client in (
                    (self.manager_a, self.client_a),
                    (self.manager_b, self.client_b),
                    (self.manager_c, self.client_c),
                )
            }
            # Logged for Budi on Anna's client (a quotation he sent, say): the record
            # follows the card, so Anna sees it and Budi does not (R15).
            covered = self.Interaction.create(
                {"client_id": self.client_a.id, "user_id": self.manager_b.id}
            )
            substitution = self.env["corporate.substitution"].create(
                {
                    "absent_user_id": self.manager_a.id,
                    "substitute_user_id": self.manager_c.id,
                    "date_from": "2026-12-01",
                    "date_to": "2026-12-10",
                    "order_ref": "Order 5",
                }
            )
            substitution.with_user(self.director).action_confirm()
        everything = self.Interaction.browse([i.id for i in logged.values()]) | covered

        def seen(user):
            self.env.invalidate_all()
            return self.Interaction.with_user(user).search([("id", "in", everything.ids)])

        with freeze_time("2026-11-25 10:00:00"):
            self.assertEqual(seen(self.manager_a), logged[self.manager_a] | covered)
            self.assertEqual(seen(self.manager_b), logged[self.manager_b])
            self.assertEqual(seen(self.manager_c), logged[self.manager_c])
            self.assertEqual(
                seen(self.head_north), logged[self.manager_a] | logged[self.manager_b] | covered
            )
            self.assertEqual(seen(self.head_south), logged[self.manager_c])
            self.assertEqual(seen(self.director), everything)
            with self.assertRaises(AccessError):
                self.Interaction.with_user(self.accountant).search([])
            with self.assertRaises(AccessError):
                logged[self.manager_c].with_user(self.manager_a).read(["note"])
            with self.assertRaises(AccessError):
                logged[self.manager_a].with_user(self.manager_a).unlink()
        with freeze_time("2026-12-05 10:00:00"):  # Citra substitutes Anna
            self.assertEqual(
                seen(self.manager_c), logged[self.manager_c] | logged[self.manager_a] | covered
            )
        with freeze_time("2026-12-11 10:00:00"):
            self.assertEqual(seen(self.manager_c), logged[self.manager_c])
        # Anna's client goes to Budi: Budi now sees what was logged on it, Anna
        # nothing of it any more.
        with freeze_time("2026-11-26 10:00:00"):
            self.client_a.user_id = self.manager_b
            self.assertEqual(covered.client_user_id, self.manager_b)
            self.assertFalse(seen(self.manager_a))
            self.assertEqual(
                seen(self.manager_b), logged[self.manager_b] | covered | logged[self.manager_a]
            )
            self.client_a.user_id = self.manager_a
        # The analysis (activity counters) follows the same rules: each role
        # counts there the interactions it may see.
        Analysis = self.env["corporate.interaction.analysis"]
        with freeze_time("2026-11-25 10:00:00"):
            for user in (self.manager_a, self.manager_c, self.head_south, self.director):
                self.env.invalidate_all()
                self.assertEqual(
                    dict(
                        Analysis.with_user(user)._read_group(
                            [], ["user_id"], ["interaction_count:sum"]
                        )
                    ),
                    dict(
                        self.Interaction.with_user(user)._read_group([], ["user_id"], ["__count"])
                    ),
                    user.login,
                )
            self.assertEqual(
                sum(
                    count
                    for _user, count in Analysis.with_user(self.head_south)._read_group(
                        [], ["user_id"], ["interaction_count:sum"]
                    )
                ),
                len(seen(self.head_south)),
            )

    # ------------------------------------------------------------------ R16
    def test_call_results_and_conversion(self):
        def log(user, client, itype, outcome):
            return self.Interaction.create(
                {
                    "client_id": client.id,
                    "user_id": user.id,
                    "interaction_type": itype,
                    "outcome": outcome,
                }
            )

        for outcome in ("reached", "no_answer", "no_answer", "offer_requested"):
            log(self.manager_a, self.client_a, "call", outcome)
        log(self.manager_a, self.client_a, "email_offer", False)
        log(self.manager_a, self.client_a, "phone_offer", "deal")
        for outcome in ("reached", "interested"):
            log(self.manager_b, self.client_b, "call", outcome)
        Analysis = self.env["corporate.interaction.analysis"]
        outcomes = {
            (user, outcome): count
            for user, outcome, count in Analysis._read_group(
                [("interaction_type", "=", "call")], ["user_id", "outcome"], ["call_count:sum"]
            )
        }
        self.assertEqual(outcomes[(self.manager_a, "no_answer")], 2)
        self.assertEqual(outcomes[(self.manager_b, "interested")], 1)
        rows = {
            user: values
            for user, *values in Analysis._read_group(
                [],
                ["user_id"],
                [
                    "call_count:sum",
                    "reached_count:sum",
                    "offer_count:sum",
                    "deal_count:sum",
                    "reach_rate:avg",
                    "offer_rate:avg",
                    "deal_rate:avg",
                ],
            )
        }
        self.assertEqual(rows[self.manager_a], [4, 2, 2, 1, 50.0, 50.0, 50.0])
        self.assertEqual(rows[self.manager_b], [2, 2, 0, 0, 100.0, 0.0, False])
        # Totals are ratios of the sums, not averages of ratios.
        # (Over the test's managers: a database may hold other interactions.)
        mine = [("user_id", "in", (self.manager_a | self.manager_b).ids)]
        [(total_rate,)] = Analysis._read_group(mine, [], ["offer_rate:avg"])
        self.assertAlmostEqual(total_rate, round(100 * 2 / 6, 1))
        by_client_manager = Analysis.with_user(self.head_north).read_group(
            [], ["client_user_id", "call_count:sum"], ["client_user_id"]
        )
        self.assertEqual(
            {row["client_user_id"][0]: row["call_count"] for row in by_client_manager},
            {self.client_a.user_id.id: 4, self.client_b.user_id.id: 2},
        )
