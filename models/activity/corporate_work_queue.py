from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .corporate_figure import queue_row_metrics

# Documents about a client whose activities ask the manager for a contact
# (collection and check-in on the card, renewal, complaint deadline, greeting,
# back in stock on their own documents).
QUEUE_ACTIVITY_MODELS = (
    "corporate.client",
    "corporate.contract",
    "corporate.complaint",
    "corporate.greeting",
    "corporate.logistics.request",
)


class CorporateWorkQueue(models.AbstractModel):
    """The account manager's work queue on *My day* (issue 19).

    Rows are built on the fly from what asks for a contact: the user's open
    activities due today or overdue, the cards whose check-in is due and the
    cards waiting for an offer or a callback.  Everything is read in the
    user's environment (record rules apply), with a constant number of
    queries whatever the number of rows.
    """

    _name = "corporate.work.queue"
    _description = "Work Queue"

    # ------------------------------------------------------------------ rows
    @api.model
    def _work_queue(self, user, progress_lines=None):
        """Ordered rows of ``user``'s queue, as dicts (see ``_queue_row``).

        Order: overdue first, then the rows helping the quota furthest behind
        (today's ratio done / target of ``progress_lines``), then due date.
        """
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"]
        activities = Activity.search_fetch(
            [
                ("user_id", "=", user.id),
                ("res_model", "in", QUEUE_ACTIVITY_MODELS),
                ("date_deadline", "<=", today),
            ],
            ["res_model", "res_id", "activity_type_id", "summary", "date_deadline"],
            order="date_deadline, id",
        )
        # The client of each activity: one query per kind of document.
        by_model = defaultdict(set)
        for activity in activities:
            by_model[activity.res_model].add(activity.res_id)
        document_client = {}
        for model, ids in by_model.items():
            if model == "corporate.client":
                # Only cards the user may read (search applies the record rules).
                for card_id in self.env[model].search([("id", "in", list(ids))]).ids:
                    document_client[(model, card_id)] = card_id
                continue
            for document in self.env[model].search_fetch([("id", "in", list(ids))], ["client_id"]):
                document_client[(model, document.id)] = document.client_id.id
        Client = self.env["corporate.client"]
        activity_client_ids = {client for client in document_client.values() if client}
        cards = Client.search_fetch(
            [
                "|",
                ("id", "in", list(activity_client_ids)),
                "&",
                "&",
                ("user_id", "=", user.id),
                ("stage", "!=", "lost"),
                "&",
                "|",
                ("queue_snoozed_until", "=", False),
                ("queue_snoozed_until", "<=", today),
                "|",
                ("pending_request", "!=", False),
                ("next_checkin_date", "<=", today),
            ],
            [
                "name",
                "phone",
                "user_id",
                "stage",
                "pending_request",
                "next_checkin_date",
                "queue_snoozed_until",
            ],
        )
        contacts = self._queue_contacts(cards)
        rows = []
        with_checkin_activity = set()
        checkin_type = self.env.ref("corporate_client.mail_activity_type_checkin")
        # Records of ``cards`` (not a fresh ``browse``) keep the batch prefetch.
        card_by_id = {card.id: card for card in cards}
        for activity in activities:
            card = card_by_id.get(document_client.get((activity.res_model, activity.res_id)))
            if not card:
                continue
            if activity.activity_type_id == checkin_type:
                with_checkin_activity.add(card.id)
            rows.append(
                self._queue_row(
                    card,
                    contacts,
                    kind="activity",
                    reason=activity.summary or activity.activity_type_id.name,
                    due=activity.date_deadline,
                    today=today,
                    activity=activity,
                )
            )
        snoozed = {
            card.id
            for card in cards
            if card.queue_snoozed_until and card.queue_snoozed_until > today
        }
        for card in cards:
            if card.user_id != user or card.stage == "lost" or card.id in snoozed:
                continue
            if card.pending_request:
                rows.append(
                    self._queue_row(
                        card,
                        contacts,
                        kind=card.pending_request,
                        reason=dict(
                            card._fields["pending_request"]._description_selection(self.env)
                        )[card.pending_request],
                        due=today,
                        today=today,
                    )
                )
            if (
                card.next_checkin_date
                and card.next_checkin_date <= today
                and card.id not in with_checkin_activity
            ):
                rows.append(
                    self._queue_row(
                        card,
                        contacts,
                        kind="checkin",
                        reason=self.env._("Check-in due"),
                        due=card.next_checkin_date,
                        today=today,
                    )
                )
        return self._queue_sort(rows, progress_lines or [])

    @api.model
    def _queue_contacts(self, cards):
        """{card id: (name, phone)}: the first contact person with a phone, else the company."""
        contacts = {}
        roles = self.env["corporate.client.contact"].search_fetch(
            [("client_id", "in", cards.ids), ("phone", "!=", False)],
            ["client_id", "contact_id", "phone"],
        )
        for role in roles:
            contacts.setdefault(role.client_id.id, (role.contact_id.name, role.phone))
        for card in cards:
            if card.id not in contacts and card.phone:
                contacts[card.id] = (card.name, card.phone)
        return contacts

    @api.model
    def _queue_row(self, card, contacts, kind, reason, due, today, activity=None):
        contact, phone = contacts.get(card.id, (False, False))
        key = f"activity-{activity.id}" if activity else f"{kind}-{card.id}"
        return {
            "key": key,
            "kind": kind,
            "client_id": card.id,
            "client_name": card.name,
            "reason": reason,
            "contact": contact,
            "phone": phone,
            "due": fields.Date.to_string(due),
            "overdue": due < today,
            "activity_id": activity.id if activity else False,
            "metrics": queue_row_metrics("activity" if activity else kind),
        }

    @api.model
    def _queue_sort(self, rows, progress_lines):
        """Overdue first, then the quota furthest behind today, then due date."""
        ratios = {}
        for line in progress_lines:
            if line["period"] == "day" and line["target"]:
                ratios[line["metric"]] = min(1.0, line["actual"] / line["target"])
        Figure = self.env["corporate.figure"]
        for row in rows:
            # The first of the row's metrics furthest behind (ties: the first listed).
            metric = min(
                (metric for metric in row["metrics"] if metric in ratios),
                key=lambda metric: ratios[metric],
                default=False,
            )
            row["rank"] = ratios[metric] if metric else 1.0
            row["helps"] = Figure._label(metric) if metric and row["rank"] < 1.0 else False
        rows.sort(key=lambda row: (not row["overdue"], row["rank"], row["due"], row["client_name"]))
        return rows

    # ------------------------------------------------------------------ client action
    @api.model
    @api.readonly
    def get_my_day(self):
        """Everything *My day* shows: quota bars, the queue, the substituted queues.

        Read-only (``api.readonly``): over RPC it runs on a read replica when
        Odoo has one (``db_replica_host``).  It only reads: a change of time
        zone rebuilds the activity counters when it is saved.  Counters of an
        older zone left by a change made in SQL are not rebuilt on read
        (``corporate.activity.counter._read_day_counts`` counts those
        managers' days from the interactions instead), so the call never
        writes, on a replica or not (``tests/test_readonly.py``).
        """
        user = self.env.user
        Progress = self.env["corporate.progress"]
        lines = Progress._progress_lines(user)
        bars = [
            {
                "metric": line["metric"],
                "period": line["period"],
                "actual": line["actual"],
                "target": line["target"],
                "pct": min(100, round(100.0 * line["actual"] / line["target"])),
                "met": line["actual"] >= line["target"],
                **Progress._describe_line(line),
            }
            for line in lines
        ]
        substitutes = [
            {
                "user_id": absent.id,
                "name": absent.name,
                "rows": self._work_queue(absent),
            }
            for absent in user.corporate_substituted_user_ids
        ]
        return {
            "bars": bars,
            "rows": self._work_queue(user, lines),
            "substitutes": substitutes,
        }

    @api.model
    def action_home(self):
        """The app's landing page: what each role works from first.

        Director: team progress by department; department head: team
        progress; account manager: *My day*; accounting and logistics keep
        the client cards or the supply requests.
        """
        user = self.env.user
        Progress = self.env["corporate.quota.progress"]
        if user.has_group("corporate_client.group_director"):
            return self.env["ir.actions.actions"]._for_xml_id(
                "corporate_client.action_corporate_overview"
            )
        if user.has_group("corporate_client.group_department_head"):
            return Progress.action_team_progress()
        if user.has_group("corporate_client.group_account_manager"):
            return self.env["ir.actions.actions"]._for_xml_id(
                "corporate_client.action_corporate_my_day"
            )
        if self.env["corporate.client"].has_access("read"):
            return self.env["ir.actions.actions"]._for_xml_id(
                "corporate_client.action_corporate_client"
            )
        return self.env["ir.actions.actions"]._for_xml_id(
            "corporate_client.action_corporate_logistics_request"
        )

    @api.model
    @api.readonly
    def get_overview(self):
        """The director's overview: departments × key figures and what awaits them.

        A department's figure is ``combine`` of its managers' figures (those
        with a target for it): counts summed, coverage recomputed from the
        department's clients and clients contacted (see
        ``corporate.progress._group_progress``), with done, target and
        percent, labels from the figures registry; next, the monthly reports
        waiting for approval, the substitutions running or starting within a
        week and the attestations due within a month.  Read-only, like
        ``get_my_day`` (same engine, same single possible write).
        """
        if not self.env.user.has_group("corporate_client.group_director"):
            raise AccessError(self.env._("Only the director sees the overview."))
        today = fields.Date.context_today(self)
        Progress = self.env["corporate.progress"]
        users = Progress._managed_users()
        lines, values = Progress._progress(users)
        by_team = defaultdict(list)
        for line in lines:
            by_team[line["team_id"] or 0].append(line)
        teams = self.env["crm.team"].browse([team_id for team_id in by_team if team_id])
        names = {team.id: team.name for team in teams}
        departments = [
            {
                "id": team_id or False,
                "name": names.get(team_id) or self.env._("No department"),
                "figures": [
                    {**figure, **Progress._describe_line(figure)}
                    for figure in Progress._group_progress(team_lines, values)
                ],
            }
            for team_id, team_lines in by_team.items()
        ]
        reports = self.env["corporate.monthly.report"].search_fetch(
            [("state", "=", "submitted")], ["display_name"], order="date_due, id"
        )
        substitutions = self.env["corporate.substitution"].search_fetch(
            [
                ("state", "in", ("confirmed", "active")),
                ("date_from", "<=", today + timedelta(days=7)),
                ("date_to", ">=", today),
            ],
            ["absent_user_id", "substitute_user_id", "date_from", "date_to"],
            order="date_from, id",
        )
        attestations = self.env["res.users"].search_fetch(
            [
                ("share", "=", False),
                ("corporate_attestation_next_date", "!=", False),
                ("corporate_attestation_next_date", "<=", today + timedelta(days=30)),
            ],
            ["name", "corporate_attestation_next_date"],
            order="corporate_attestation_next_date, id",
        )
        return {
            "departments": sorted(departments, key=lambda d: d["name"]),
            "reports": [{"id": r.id, "name": r.display_name} for r in reports],
            "substitutions": [
                {
                    "id": sub.id,
                    "absent": sub.absent_user_id.name,
                    "substitute": sub.substitute_user_id.name,
                    "date_from": fields.Date.to_string(sub.date_from),
                    "date_to": fields.Date.to_string(sub.date_to),
                }
                for sub in substitutions
            ],
            "attestations": [
                {
                    "id": user.id,
                    "name": user.name,
                    "date": fields.Date.to_string(user.corporate_attestation_next_date),
                    "overdue": user.corporate_attestation_next_date < today,
                }
                for user in attestations
            ],
        }

    @api.model
    def _parse_row_key(self, key):
        """(kind, id) of a row key sent by the browser ("activity-7" or, for a
        card's row, its reason and the card: "checkin-12"); a clear error for
        anything else (an RPC client may send any value)."""
        kind, _sep, record_id = key.rpartition("-") if isinstance(key, str) else ("", "", "")
        if not kind.replace("_", "").isalpha() or not record_id.isdigit():
            raise UserError(self.env._("%s is not a row of the work queue.", repr(key)[:40]))
        return kind, int(record_id)

    @api.model
    def _parse_id(self, value, what):
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
            raise UserError(
                self.env._("%(value)s is not a valid %(what)s.", value=repr(value)[:40], what=what)
            )
        return int(value)

    @api.model
    def action_snooze(self, key, day):
        """Put a row off until ``day``: an activity moves its deadline, a card its row."""
        kind, record_id = self._parse_row_key(key)
        try:
            day = fields.Date.to_date(day) if isinstance(day, str | date) else None
        except ValueError:
            day = None
        today = fields.Date.context_today(self)
        if not day or day <= today or day > today + relativedelta(years=1):
            raise UserError(self.env._("Snooze to a day after today, within a year."))
        if kind == "activity":
            activity = self.env["mail.activity"].browse(record_id)
            activity.check_access("write")
            activity.date_deadline = day
        else:
            card = self.env["corporate.client"].browse(record_id)
            card.check_access("write")
            card.queue_snoozed_until = day
        return True

    @api.model
    def action_log(self, key, client_id, interaction_type):
        """The quick log form for a row; logging closes the row's activity."""
        kind, record_id = self._parse_row_key(key)
        client = self.env["corporate.client"].browse(self._parse_id(client_id, "client"))
        client.check_access("read")
        action = client._action_log(
            interaction_type,
            self.env._("Log call") if interaction_type == "call" else self.env._("Log offer"),
        )
        if kind == "activity":
            activity = self.env["mail.activity"].browse(record_id)
            activity.check_access("write")
            action["context"]["corporate_queue_activity_id"] = activity.id
        return action


class CorporateClient(models.Model):
    _inherit = "corporate.client"

    queue_snoozed_until = fields.Date(
        string="Snoozed until",
        copy=False,
        help="The check-in or request of this client leaves the work queue until this day.",
    )

    @api.model
    def _corporate_technical_fields(self):
        # Snoozing a row of the queue is no edit of the card.
        return super()._corporate_technical_fields() | {"queue_snoozed_until"}
