"""Every quota figure of the registry reaches every screen and e-mail (issue 31).

*My day*, the director's overview and the end-of-day shortfall e-mails (and
their log) show each figure of ``QUOTA_FIGURES`` with the registry's label,
in the reader's language; a department's coverage is a ratio of sums.
"""

from odoo.tests import tagged
from odoo.tools import format_date

from ..models.activity.corporate_figure import (
    FIGURES,
    FIGURES_BY_KEY,
    QUOTA_FIGURES,
    queue_row_metrics,
)
from .clock import freeze_time
from .common import CorporateClientCase

NOW = "2026-11-18 10:00:00"  # 17:00 in Jakarta, a Wednesday (a working day)
QUOTA_KEYS = [figure.key for figure in QUOTA_FIGURES]
# The labels whose Indonesian translation exists today (odoo-python terms of
# i18n/id.po); the others follow when the translations are refreshed.
TRANSLATED = {"calls", "new_prospects", "checkin_coverage", "new_contracts"}


@tagged("post_install", "-at_install")
class TestFigureRegistryScreens(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Queue = cls.env["corporate.work.queue"]
        cls.Shortfall = cls.env["corporate.quota.shortfall"]
        # The cards existed before the month (create_date is the real clock's).
        cls.set_create_date(cls.client_a | cls.client_b | cls.client_c, "2026-10-01 08:00:00")
        # A daily quota of manager A for every figure that may carry one: every
        # figure is behind today (nothing done), so every one is a shortfall.
        for figure in QUOTA_FIGURES:
            cls.env["corporate.quota"].create(
                {
                    "metric": figure.key,
                    "period": "day",
                    "target": 50 if figure.unit == "percent" else 3,
                    "user_id": cls.manager_a.id,
                }
            )

    @classmethod
    def set_create_date(cls, cards, when):
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE corporate_client SET create_date = %s WHERE id = ANY(%s)", [when, cards.ids]
        )
        cards.invalidate_recordset(["create_date"])

    def labels(self, lang):
        env = self.env(context=dict(self.env.context, lang=lang))
        return {key: env._(FIGURES_BY_KEY[key].label) for key in QUOTA_KEYS}

    def load_indonesian(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["corporate_client"], ["id_ID"])
        labels = self.labels("id_ID")
        english = self.labels("en_US")
        for key in TRANSLATED:
            self.assertNotEqual(labels[key], english[key], f"{key} is translated")
        return labels

    # ------------------------------------------------------------------ consumers
    def check_my_day(self, lang, labels):
        data = self.Queue.with_user(self.manager_a).with_context(lang=lang).get_my_day()
        bars = {bar["metric"]: bar for bar in data["bars"] if bar["period"] == "day"}
        self.assertEqual(list(bars), QUOTA_KEYS, "a bar per quota figure, in the registry's order")
        for key, bar in bars.items():
            figure = FIGURES_BY_KEY[key]
            self.assertEqual(bar["label"], labels[key])
            self.assertEqual(bar["unit"], figure.unit)
            self.assertEqual(bool(bar["help"]), bool(figure.help))
        coverage = bars["checkin_coverage"]
        self.assertEqual((coverage["actual"], coverage["target"]), (0, 50))
        self.assertEqual(coverage["target_display"], "50\N{NO-BREAK SPACE}%")
        self.assertEqual(bars["calls"]["target_display"], "3")

    def check_overview(self, lang, labels):
        data = self.Queue.with_user(self.director).with_context(lang=lang).get_overview()
        north = next(d for d in data["departments"] if d["id"] == self.team_north.id)
        figures = {f["key"]: f for f in north["figures"]}
        for key in QUOTA_KEYS:
            self.assertIn(f"day-{key}", figures, key)
            self.assertEqual(figures[f"day-{key}"]["label"], labels[key])
        # Manager A's 3 calls a day and manager B's 30 (the company default).
        calls = figures["day-calls"]
        self.assertEqual((calls["actual"], calls["target"], calls["pct"]), (0, 33, 0.0))

    def check_shortfalls(self, labels, date_text):
        logs = self.Shortfall._cron_shortfall_summary()
        to_anna = logs.filtered(lambda log: log.user_id == self.manager_a)
        to_head = logs.filtered(lambda log: log.user_id == self.head_north)
        for log in (to_anna, to_head):
            self.assertEqual(len(log), 1)
            for key in QUOTA_KEYS:
                self.assertIn(labels[key], log.message_id.body, key)
                self.assertIn(labels[key], log.summary, key)
            self.assertIn(date_text, log.message_id.body)
        return to_anna, to_head

    # ------------------------------------------------------------------ tests
    def test_queue_rows_help_quota_figures(self):
        """Only figures a quota applies to are helped by work queue rows, and
        every kind of row helps at least calls."""
        helped = {figure.key for figure in FIGURES if figure.queue_rows}
        self.assertLessEqual(helped, {figure.key for figure in QUOTA_FIGURES})
        self.assertEqual(queue_row_metrics("checkin"), ("calls", "checkin_coverage"))
        self.assertEqual(queue_row_metrics("offer_requested"), ("email_offers", "phone_offers"))
        for kind in ("activity", "callback"):
            self.assertEqual(queue_row_metrics(kind), ("calls",), kind)

    @freeze_time(NOW)
    def test_every_quota_figure_on_every_screen(self):
        labels = self.labels("en_US")
        self.check_my_day("en_US", labels)
        self.check_overview("en_US", labels)
        to_anna, to_head = self.check_shortfalls(labels, "11/18/2026")
        # Whole sentences, one per figure.
        self.assertIn("Calls: 0 of 3", to_anna.message_id.body)
        self.assertIn(
            "Check-in coverage: 0\N{NO-BREAK SPACE}% of 50\N{NO-BREAK SPACE}%", to_anna.summary
        )
        self.assertIn(f"{self.manager_b.name} — Calls: 0 of 30", to_head.summary)
        self.assertIn("Quotas not met today (11/18/2026):", to_anna.message_id.body)

    @freeze_time(NOW)
    def test_every_quota_figure_in_indonesian(self):
        labels = self.load_indonesian()
        self.check_my_day("id_ID", labels)
        self.check_overview("id_ID", labels)
        # The e-mails are in the recipient's language, whoever runs the job.
        (self.manager_a | self.head_north).write({"lang": "id_ID"})
        to_anna, _to_head = self.check_shortfalls(labels, "18/11/2026")
        env = self.env(context={"lang": "id_ID"})
        self.assertIn(format_date(env, to_anna.date), to_anna.message_id.body)
        self.assertNotIn("Calls", to_anna.summary)
        # Manager B reads English: B's own summary names the figures in English.
        to_b = self.env["corporate.quota.shortfall"].search(
            [("user_id", "=", self.manager_b.id), ("key", "=", "manager")]
        )
        self.assertIn("Calls: 0 of 30", to_b.summary)

    @freeze_time("2026-11-18 03:00:00")
    def test_department_coverage_is_a_ratio_of_sums(self):
        """North: manager A has 10 clients, 5 contacted; manager B none (0/0,
        whose coverage alone is 100 %).  The department's coverage is 5 / 10,
        not the mean of 50 % and 100 %."""
        cards = self.client_a
        for index in range(9):
            cards |= self.create_client(f"Coverage Co {index}", self.manager_a)
        for card in cards[:5]:
            self.log_call(card, self.manager_a)
        self.client_b.action_archive()
        lines = {
            line["user_id"]: line
            for line in self.env["corporate.progress"]._progress_lines(
                self.manager_a | self.manager_b
            )
            if line["metric"] == "checkin_coverage" and line["period"] == "month"
        }
        self.assertEqual(lines[self.manager_a.id]["actual"], 50.0)
        self.assertEqual(lines[self.manager_b.id]["actual"], 100.0)
        data = self.Queue.with_user(self.director).get_overview()
        north = next(d for d in data["departments"] if d["id"] == self.team_north.id)
        coverage = next(f for f in north["figures"] if f["key"] == "month-checkin_coverage")
        self.assertEqual(coverage["label"], "Check-in coverage")
        self.assertEqual(
            (coverage["actual"], coverage["target"], coverage["pct"]), (50.0, 100.0, 50.0)
        )
        self.assertEqual(coverage["actual_display"], "50\N{NO-BREAK SPACE}%")
        self.assertFalse(coverage["met"])
