from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

ATTESTATION_FIELDS = {"corporate_attestation_last_date", "corporate_attestation_next_date"}
ATTESTATION_MONTHS = 6
REMINDER_DAYS = 14


class ResUsers(models.Model):
    """R4: account managers are attested every 6 months."""

    _inherit = "res.users"

    corporate_attestation_last_date = fields.Date(
        string="Last attestation",
        help="Date of the manager's last attestation (position, pay, conditions).",
    )
    corporate_attestation_next_date = fields.Date(
        string="Next attestation",
        compute="_compute_corporate_attestation_next_date",
        store=True,
        readonly=False,
        help="Six months after the last attestation unless the director sets another date.",
    )
    corporate_attestation_reminded_date = fields.Date(
        readonly=True,
        copy=False,
        help="Attestation date for which the director was last reminded.",
    )

    @api.depends("corporate_attestation_last_date")
    def _compute_corporate_attestation_next_date(self):
        for user in self:
            last = user.corporate_attestation_last_date
            user.corporate_attestation_next_date = last and last + relativedelta(
                months=ATTESTATION_MONTHS
            )

    def write(self, vals):
        if vals and set(vals) <= ATTESTATION_FIELDS and not self.env.su:
            # Directors plan attestations without being user administrators.
            if not self.env.user.has_group("corporate_client.group_director"):
                raise AccessError(self.env._("Only the director sets attestation dates."))
            return super(ResUsers, self.sudo()).write(vals)
        return super().write(vals)

    @api.model
    def _cron_attestation_reminders(self):
        """Remind every director 14 days ahead of a manager's attestation."""
        today = self.env.company._corporate_today()
        users = self.sudo().search(
            [
                ("corporate_attestation_next_date", ">=", today),
                ("corporate_attestation_next_date", "<=", today + timedelta(days=REMINDER_DAYS)),
            ]
        )
        users = users.filtered(
            lambda u: u.corporate_attestation_reminded_date != u.corporate_attestation_next_date
        )
        if not users:
            return users
        directors = (
            self.env.ref("corporate_client.group_director")
            .sudo()
            .users.filtered(
                lambda u: u.active and not u.share and u.id != self.env.ref("base.user_root").id
            )
        )
        for user in users:
            for director in directors:
                env = self.with_context(lang=director.lang).env
                user.partner_id.sudo().activity_schedule(
                    "corporate_client.mail_activity_type_attestation",
                    date_deadline=user.corporate_attestation_next_date,
                    user_id=director.id,
                    summary=env._(
                        "Attestation of %(manager)s on %(date)s",
                        manager=user.name,
                        date=format_date(env, user.corporate_attestation_next_date),
                    ),
                )
            user.corporate_attestation_reminded_date = user.corporate_attestation_next_date
        return users
