"""Indonesian and Russian: the client card and the monthly report show no
untranslated string of this addon."""

import os
import re

import polib
from babel.messages import extract
from lxml import etree, html

from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .report_common import ReportCase

LANGS = {"ru_RU": "ru.po", "id_ID": "id.po"}


@tagged("post_install", "-at_install")
class TestTranslations(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["corporate_client"], list(LANGS), overwrite=True
        )

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
