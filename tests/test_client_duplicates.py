"""Issue 30: duplicate client cards refused on create and import; fields_get."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.clients.corporate_client_duplicate import name_key, vat_key
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestClientDuplicates(CorporateClientCase):
    def test_keys(self):
        self.assertEqual(name_key("PT. Alpha  Industries, Tbk"), "alphaindustries")
        self.assertEqual(name_key("P.T. Alpha-Industries"), "alphaindustries")
        self.assertEqual(name_key("alpha industries"), "alphaindustries")
        self.assertEqual(name_key("CV Sumber Rejeki"), name_key("Sumber Rejeki CV"))
        self.assertNotEqual(name_key("Alpha Industries"), name_key("Alpha Industry"))
        self.assertEqual(name_key("PT"), "")
        self.assertEqual(vat_key("01.234.567.8-901.000"), "012345678901000")

    def test_same_name_refused_on_create(self):
        Card = self.env["corporate.client"].with_user(self.manager_a)
        for name in ("PT Alpha Industries Tbk", "alpha industries.", "ALPHA-INDUSTRIES"):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValidationError, "Alpha Industries.*already has"):
                    Card.create({"name": name})
        # Another manager's client is named too: the company is no secret.
        with self.assertRaisesRegex(ValidationError, "the client Gamma Mining"):
            Card.create({"name": "PT Gamma Mining"})
        self.assertTrue(Card.create({"name": "Alpha Industries Two"}))

    def test_same_vat_refused_on_create_and_write(self):
        Card = self.env["corporate.client"].with_user(self.manager_a)
        with self.assertRaisesRegex(ValidationError, r"tax id .* of the client Beta Trading"):
            Card.create({"name": "Totally New", "vat": self.client_b.vat.replace(".", "")})
        card = Card.create({"name": "Totally New", "vat": "02.000.000.0-000.000"})
        with self.assertRaisesRegex(ValidationError, "Beta Trading"):
            card.write({"vat": self.client_b.vat})
        with self.assertRaisesRegex(ValidationError, "Alpha Industries"):
            card.write({"name": "Alpha Industries PT"})
        # An archived card still counts: unarchive it rather than make a second one.
        self.client_c.action_archive()
        with self.assertRaisesRegex(ValidationError, "Gamma Mining"):
            Card.create({"name": "Gamma Mining"})
        # Two new cards alike in one go.
        with self.assertRaisesRegex(ValidationError, "Omega Steel.*already has"):
            Card.create([{"name": "Omega Steel"}, {"name": "PT Omega Steel"}])

    def test_import_names_the_company(self):
        Card = self.env["corporate.client"].with_user(self.manager_a)
        result = Card.load(
            ["name", "vat", "city"],
            [
                ["Fresh Import Co", "03.000.000.0-000.000", "Bandung"],
                ["PT Beta Trading", "04.000.000.0-000.000", "Jakarta"],
            ],
        )
        self.assertFalse(result["ids"])
        messages = " ".join(message["message"] for message in result["messages"])
        self.assertIn("PT Beta Trading is the client Beta Trading", messages)
        self.assertNotRegex(messages, r"\ba client\b(?! card)")
        result = Card.load(
            ["name", "vat"],
            [["Fresh Import Co", "03.000.000.0-000.000"], ["Other Import", self.client_a.vat]],
        )
        messages = " ".join(message["message"] for message in result["messages"])
        self.assertIn("Other Import has the tax id", messages)
        self.assertIn("Alpha Industries", messages)
        result = Card.load(["name", "vat"], [["Fresh Import Co", "03.000.000.0-000.000"]])
        self.assertEqual(len(result["ids"]), 1, result["messages"])

    def test_import_refusal_names_the_company_not_a_client(self):
        """A manager importing a card for another department is told which one."""
        result = (
            self.env["corporate.client"]
            .with_user(self.manager_a)
            .load(["name", "team_id/.id"], [["Foreign Import", str(self.team_south.id)]])
        )
        self.assertFalse(result["ids"])
        messages = " ".join(message["message"] for message in result["messages"])
        self.assertIn("Foreign Import", messages)
        self.assertNotRegex(messages, r"\ba client\b(?! card)")

    def test_fields_get_tells_the_truth(self):
        Card = self.env["corporate.client"].with_user(self.manager_a)
        self.assertFalse(Card.fields_get(["partner_id"], ["required"])["partner_id"]["required"])
        self.assertTrue(Card._fields["partner_id"].required)  # the column stays NOT NULL
        self.assertTrue(Card.fields_get(["stage"], ["required"])["stage"]["required"])
        card = Card.create({"name": "Made With Its Partner"})
        self.assertTrue(card.partner_id.is_company)
