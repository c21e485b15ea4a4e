"""Indonesian and Russian: the client card and the monthly report show no
untranslated string of this addon."""

import os
import re
from datetime import timedelta

import polib
from babel.messages import extract
from lxml import etree, html

from odoo import fields
from odoo.modules.module import get_module_path
from odoo.tests import freeze_time, tagged
from odoo.tools import format_amount, format_date

from .report_common import ReportCase

LANGS = {"ru_RU": "ru.po", "id_ID": "id.po"}


class TranslatedCase(ReportCase):
    """The report world with Indonesian and Russian active and the addon's terms loaded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["corporate_client"], list(LANGS), overwrite=True
        )


@tagged("post_install", "-at_install")
class TestTranslations(TranslatedCase):
    def _catalog(self, code):
        path = os.path.join(get_module_path("corporate_client"), "i18n", LANGS[code])
        return {entry.msgid: entry.msgstr for entry in polib.pofile(path) if entry.msgid}

    def _untranslated(self, strings, catalog):
        """Strings of this addon shown as they are although a translation exists
        (or is missing)."""
        return sorted(
            text
            for text in {" ".join(s.split()) for s in strings if s and s.strip()}
            if text in catalog and catalog[text] != text
        )

    def test_po_files_complete(self):
        pot = polib.pofile(
            os.path.join(get_module_path("corporate_client"), "i18n", "corporate_client.pot")
        )
        msgids = {entry.msgid for entry in pot if entry.msgid}
        for code in LANGS:
            catalog = self._catalog(code)
            missing = sorted(m for m in msgids if not catalog.get(m))
            self.assertFalse(missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:5]}")

    def test_python_terms_extracted_and_translated(self):
        """Every _() string of the Python code reaches the .po files.

        Odoo extracts them with babel, which gives up on the rest of a file at
        the first call it cannot read (an f-string among the arguments of _()):
        those strings then silently stay English.
        """
        root = get_module_path("corporate_client")
        catalogs = {code: self._catalog(code) for code in LANGS}
        for folder in ("models", "wizards", "reports", "controllers"):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                continue
            for name in sorted(os.listdir(path)):
                if not name.endswith(".py"):
                    continue
                with open(os.path.join(path, name), "rb") as fh:
                    messages = [
                        message
                        for _line, message, _comments, _context in extract.extract(
                            "python",
                            fh,
                            keywords={"_": None, "_lt": None},
                            options={"encoding": "UTF-8"},
                        )
                    ]
                # Odoo skips terms with at most one letter or digit (": %s").
                messages = [m for m in messages if len(re.sub(r"\W+", "", m)) > 1]
                for code, catalog in catalogs.items():
                    missing = [m for m in messages if not catalog.get(m)]
                    self.assertFalse(missing, f"{folder}/{name}, {code}: {missing[:3]}")

    def test_client_card_translated(self):
        for code in LANGS:
            catalog = self._catalog(code)
            Client = self.env["corporate.client"].with_user(self.manager_a).with_context(lang=code)
            views = Client.get_views([(False, "form"), (False, "list"), (False, "search")])
            strings = []
            for view in views["views"].values():
                arch = etree.fromstring(view["arch"])
                for node in arch.iter():
                    strings += [node.get("string"), node.get("placeholder"), node.get("help")]
                    strings += [node.text, node.tail]
            fields = Client.fields_get(attributes=["string", "help", "selection"])
            for name, desc in fields.items():
                field = Client._fields[name]
                if field.inherited or field._module != "corporate_client":
                    continue  # res.partner's or mail's field: Odoo's own catalogs
                strings += [desc.get("string"), desc.get("help")]
                strings += [label for _key, label in desc.get("selection") or []]
            untranslated = self._untranslated(strings, catalog)
            self.assertFalse(untranslated, f"{code}: {untranslated[:10]}")
            # A sample checked by hand, so that the test cannot pass on an empty catalog.
            self.assertNotEqual(fields["stage"]["string"], "Stage")

    def test_monthly_report_translated(self):
        report = self.report_for(self.manager_a)
        for code in LANGS:
            catalog = self._catalog(code)
            self.manager_a.lang = code
            content, _kind = (
                self.env["ir.actions.report"]
                .with_context(lang=code)
                ._render_qweb_html("corporate_client.action_report_monthly_report", report.ids)
            )
            tree = html.fromstring(content)
            strings = [node.text for node in tree.iter() if isinstance(node.tag, str)]
            strings += [node.tail for node in tree.iter() if isinstance(node.tag, str)]
            untranslated = self._untranslated(strings, catalog)
            self.assertFalse(untranslated, f"{code}: {untranslated[:10]}")
            self.assertNotIn("Monthly performance report", content.decode())


@tagged("post_install", "-at_install")
class TestTranslatedTexts(TranslatedCase):
    """Texts computed or written by the addon reach each reader in their language:
    the card's missing data, activity summaries, record names, chatter lines and
    decimals (issue 17)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.catalogs = {
            code: {
                entry.msgid: entry.msgstr
                for entry in polib.pofile(
                    os.path.join(get_module_path("corporate_client"), "i18n", po)
                )
                if entry.msgid
            }
            for code, po in LANGS.items()
        }

    def _t(self, code, source, **params):
        """``source`` as the catalog of ``code`` renders it, as env._ does."""
        text = self.catalogs[code][source]
        self.assertNotEqual(text, source, f"{code}: '{source}' is not translated")
        return text % params if params else text

    def test_missing_info_in_reader_language(self):
        card = self.client_a  # complete but for a decision maker
        self.assertEqual(card.with_context(lang="en_US").missing_info, "decision maker")
        for code in LANGS:
            with self.subTest(lang=code):
                self.assertEqual(
                    card.with_user(self.manager_a).with_context(lang=code).missing_info,
                    self._t(code, "decision maker"),
                )

    def test_collection_summaries_in_assignee_language(self):
        self.manager_a.lang = "id_ID"
        self.head_north.lang = "ru_RU"
        today = fields.Date.context_today(self.manager_a)
        invoice = self.invoice(
            self.client_a.partner_id, 1234.5, today - timedelta(days=60), post=False
        )
        invoice.write(
            {"invoice_payment_term_id": False, "invoice_date_due": today - timedelta(days=30)}
        )
        invoice.action_post()
        asked, escalated = self.env["account.move"]._cron_corporate_collection()
        # The invoice of the test (a database may hold other overdue invoices).
        self.assertEqual((asked & invoice, escalated & invoice), (invoice, invoice))
        activities = self.client_a.activity_ids
        for user, code, source, params in (
            (
                self.manager_a,
                "id_ID",
                "Collect payment of %(invoice)s (%(amount)s due %(due)s)",
                {},
            ),
            (
                self.head_north,
                "ru_RU",
                "Escalated: %(invoice)s of %(client)s overdue since %(due)s "
                "(%(amount)s), account manager %(manager)s",
                {"client": "Alpha Industries", "manager": "Cc Manager A"},
            ),
        ):
            env = self.env(context=dict(self.env.context, lang=code))
            expected = self._t(
                code,
                source,
                invoice=invoice.name,
                amount=format_amount(env, 1234.5, invoice.currency_id),
                due=format_date(env, invoice.invoice_date_due),
                **params,
            )
            summary = activities.filtered(lambda a, u=user: a.user_id == u).summary
            self.assertEqual(summary, expected)
            # Decimals in the reader's locale: "1.234,50", not "1,234.50".
            self.assertIn(
                "1.234,50" if code == "id_ID" else "1 234,50", summary.replace("\xa0", " ")
            )

    def test_report_activity_and_name_in_reader_language(self):
        self.head_north.lang = "ru_RU"
        report = self.report_for(self.manager_a)
        report.with_user(self.manager_a).action_submit()
        activity = report.activity_ids.filtered(lambda a: a.user_id == self.head_north)
        self.assertEqual(
            activity.summary,
            self._t("ru_RU", "Approve the monthly report of %s") % "Cc Manager A",
        )
        # The stored name is in the language of whoever wrote it last: the
        # English reader reads it in English whoever that was.
        self.assertEqual(
            report.with_context(lang="en_US").display_name, "Report 2026-10, Cc Manager A"
        )
        for code in LANGS:
            with self.subTest(lang=code):
                self.assertEqual(
                    report.with_user(self.head_north).with_context(lang=code).display_name,
                    self._t(
                        code,
                        "Report %(month)s, %(manager)s",
                        month="2026-10",
                        manager="Cc Manager A",
                    ),
                )

    def test_substitution_name_in_reader_language(self):
        substitution = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_b.id,
                "substitute_user_id": self.manager_a.id,
                "date_from": "2026-11-02",
                "date_to": "2026-11-13",
            }
        )
        for code in LANGS:
            env = self.env(context=dict(self.env.context, lang=code))
            self.assertEqual(
                substitution.with_context(lang=code).display_name,
                self._t(
                    code,
                    "%(substitute)s for %(absent)s, %(start)s – %(end)s",
                    substitute="Cc Manager A",
                    absent="Cc Manager B",
                    start=format_date(env, fields.Date.to_date("2026-11-02")),
                    end=format_date(env, fields.Date.to_date("2026-11-13")),
                ),
            )

    def test_chatter_in_reader_language(self):
        """A state change tracked in English reads in Indonesian and Russian, and
        so does the creation line of a card created in English."""
        report = self.report_for(self.manager_a)
        # Creation discards the tracking of the transaction: close that first.
        self.env.flush_all()
        self.env.cr.precommit.run()
        report = report.with_context(tracking_disable=False, lang="en_US")
        report.with_user(self.manager_a).action_submit()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", report._name),
                ("mail_message_id.res_id", "=", report.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertEqual(tracking.new_value_char, "Submitted")
        for code in LANGS:
            with self.subTest(lang=code):
                (info,) = tracking.with_context(lang=code)._tracking_value_format()
                self.assertEqual(info["newValue"]["value"], self._t(code, "Submitted"))
                self.assertEqual(info["oldValue"]["value"], self._t(code, "Draft"))
        card = (
            self.env["corporate.client"]
            .with_user(self.manager_a)
            .with_context(tracking_disable=False, lang="en_US")
            .create({"name": "Chatter Co"})
        )
        creation = card.message_ids.filtered("subtype_id")[-1:]
        self.assertEqual(creation.subtype_id, self.env.ref("corporate_client.mt_client_created"))
        # The web client hides such a body (frozen in the creator's language) and
        # shows the subtype's description, read in the reader's language.
        self.assertIn('summary="o_mail_notification"', creation.body)
        for code in LANGS:
            with self.subTest(lang=code):
                self.assertEqual(
                    creation.with_context(lang=code).subtype_id.description,
                    self._t(code, "Client card created"),
                )

    def test_model_descriptions_translated(self):
        """Chatter lines and errors name the documents by their model description."""
        models = self.env["ir.model"].search([("model", "=like", "corporate.%")])
        self.assertGreater(len(models), 10)
        for code in LANGS:
            english = models.filtered(
                lambda m, c=code: m.with_context(lang=c).name == m.with_context(lang="en_US").name
            )
            self.assertFalse(english.mapped("model"), code)

    @freeze_time("2026-11-20 10:00:00")
    def test_decimals_in_reader_locale(self):
        self.client_a.founding_date = "2016-05-01"  # 10.6 years
        for code in LANGS:
            with self.subTest(lang=code):
                text = self.client_a.with_context(lang=code).reliability_explanation
                self.assertIn(self._t(code, "%(years)s years", years="10,6"), text)
                self.assertNotIn("10.6", text)

    def test_no_english_copies(self):
        """No translation left in English but for words both languages share."""
        shared = {
            "id_ID": {
                "Avatar",
                "Avatar 1024",
                "Avatar 128",
                "Avatar 256",
                "Avatar 512",
                "Bank",
                "Email",
                "email",
                "ID",
                "Status",
                "<strong>Status</strong>",
                "Target",
                "Total",
                "Regional",
                "April",
                "September",
                "November",
                "Logo",
            },
            "ru_RU": {"Email", "email", "ID"},
        }
        for code, catalog in self.catalogs.items():
            copies = sorted(
                msgid
                for msgid, msgstr in catalog.items()
                if msgstr == msgid
                and re.search("[A-Za-z]{2}", re.sub("<[^>]+>|%\\(\\w+\\)s", "", msgid))
                and msgid not in shared[code]
            )
            self.assertFalse(copies, f"{code}: {copies}")
