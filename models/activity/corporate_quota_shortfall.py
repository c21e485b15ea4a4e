from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

from .corporate_figure import QUOTA_FIGURES

# Shortfalls are listed in the order of the registry.
FIGURE_ORDER = {figure.key: index for index, figure in enumerate(QUOTA_FIGURES)}


class CorporateQuotaShortfall(models.Model):
    """One end-of-day shortfall summary sent: the cron never sends it twice.

    The cron (``_cron_shortfall_summary``) tells each manager, and each head
    for their department, which daily quotas were not met today, in the
    recipient's language.
    """

    _name = "corporate.quota.shortfall"
    _description = "Quota Shortfall Summary"
    _order = "date desc, id desc"

    user_id = fields.Many2one("res.users", string="Recipient", required=True, index=True)
    team_id = fields.Many2one("crm.team", string="Department")
    date = fields.Date(required=True, index=True)
    key = fields.Char(
        required=True, help="'manager' for a manager's own summary, 'team:<id>' for a head's."
    )
    summary = fields.Text()
    message_id = fields.Many2one("mail.message", ondelete="set null")

    _sql_constraints = [
        (
            "once_per_day",
            "unique(user_id, date, key)",
            "A shortfall summary is sent once per recipient and day.",
        ),
    ]

    # ------------------------------------------------------------------ cron
    @api.model
    def _shortfalls(self, lines):
        """{(user_id, date): [line, ...]}: daily quotas not met on a working day."""
        result = defaultdict(list)
        for line in lines:
            if (
                line["period"] == "day"
                and line["is_working_day"]
                and line["actual"] < line["target"]
            ):
                result[(line["user_id"], line["date"])].append(line)
        return result

    @api.model
    def _shortfall_sentences(self, lines, with_names=False):
        """One sentence per line not met, in the environment's language:
        "Calls: 1 of 30", or for a head "Anna — Calls: 1 of 30"."""
        Progress = self.env["corporate.progress"]
        users = self.env["res.users"].sudo().browse({line["user_id"] for line in lines})
        names = {user.id: user.name for user in users}
        sentences = []
        for line in sorted(
            lines, key=lambda line: (names[line["user_id"]], FIGURE_ORDER[line["metric"]])
        ):
            values = {
                "figure": self.env["corporate.figure"]._label(line["metric"]),
                "done": Progress._format_value(line["metric"], line["actual"]),
                "target": Progress._format_value(line["metric"], line["target"]),
            }
            if with_names:
                sentences.append(
                    self.env._(
                        "%(manager)s — %(figure)s: %(done)s of %(target)s",
                        manager=names[line["user_id"]],
                        **values,
                    )
                )
            else:
                sentences.append(self.env._("%(figure)s: %(done)s of %(target)s", **values))
        return sentences

    @api.model
    def _shortfall_html(self, intro, sentences):
        items = Markup().join(Markup("<li>%s</li>") % sentence for sentence in sentences)
        return Markup("<p>%s</p><ul>%s</ul>") % (intro, items)

    @api.model
    def _notify(self, recipient, day, lines, team=None):
        """Send one summary to ``recipient`` in their language; its log values."""
        shortfall = self.with_context(lang=recipient.lang or "en_US")
        env = shortfall.env
        local_day = format_date(env, day)
        sentences = shortfall._shortfall_sentences(lines, with_names=bool(team))
        if team:
            subject = env._("%(team)s: today's quotas not met", team=team.name)
            intro = env._(
                "%(team)s: quotas not met today (%(day)s):", team=team.name, day=local_day
            )
        else:
            subject = env._("Today's quotas not met")
            intro = env._("Quotas not met today (%(day)s):", day=local_day)
        message = (
            env["mail.thread"]
            .sudo()
            .message_notify(
                partner_ids=recipient.partner_id.ids,
                author_id=env.ref("base.partner_root").id,
                subject=subject,
                body=shortfall._shortfall_html(intro, sentences),
            )
        )
        return {
            "user_id": recipient.id,
            "team_id": team.id if team else False,
            "date": day,
            "key": f"team:{team.id}" if team else "manager",
            "summary": "\n".join(sentences),
            "message_id": message.id,
        }

    @api.model
    def _cron_shortfall_summary(self):
        """End of the day: tell each manager (and each head, for their department)
        which daily quotas were not met today.

        Idempotent: every summary sent is logged (one per recipient, day and
        kind) and never sent again.
        """
        Log = self.sudo()
        teams = self.env["crm.team"].sudo().search([("is_corporate", "=", True)])
        managers = (teams.member_ids - teams.user_id).filtered("active")
        lines = self.env["corporate.progress"]._progress_lines(managers)
        shortfalls = self._shortfalls(lines)
        dates = {line["date"] for line in lines}
        sent = (
            {
                (log.user_id.id, log.date, log.key)
                for log in Log.search([("date", "in", list(dates))])
            }
            if dates
            else set()
        )
        logs = []
        for (user_id, day), user_lines in sorted(shortfalls.items()):
            if (user_id, day, "manager") in sent:
                continue
            user = self.env["res.users"].sudo().browse(user_id)
            logs.append(self._notify(user, day, user_lines))
        for team in teams.filtered("user_id"):
            members = set(team.member_ids.ids) - {team.user_id.id}
            by_day = defaultdict(list)
            for (user_id, day), user_lines in shortfalls.items():
                if user_id in members:
                    by_day[day] += user_lines
            for day, team_lines in sorted(by_day.items()):
                if (team.user_id.id, day, f"team:{team.id}") in sent:
                    continue
                logs.append(self._notify(team.user_id, day, team_lines, team=team))
        return Log.create(logs)
