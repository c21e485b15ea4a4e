from odoo import fields, models
from odoo.tools import html2plaintext


class MailActivity(models.Model):
    _inherit = "mail.activity"

    corporate_move_id = fields.Many2one(
        "account.move",
        string="Invoice to collect",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The overdue invoice a Collect payment activity is about (R9): paying it "
        "closes the activity.",
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        """A phone call marked done is a call with the client (R16-R18).

        Phone-call activities (category 'phonecall') on a client card, or on a
        partner or quotation of a corporate client, log a call interaction with
        the feedback as notes, by the user marking it done.
        """
        calls = []
        # Activities closed by the system (an invoice paid) are no call made.
        system_close = self.env.context.get("corporate_no_call_log")
        for activity in (
            self.browse()
            if system_close
            else self.filtered(
                lambda act: act.activity_category == "phonecall" and act.res_model and act.res_id
            )
        ):
            partner = activity._corporate_partner()
            if partner:
                summary = activity.summary or activity.activity_type_id.name or ""
                notes = [summary, html2plaintext(feedback) if feedback else ""]
                if activity.note and not feedback:
                    notes.append(html2plaintext(activity.note))
                calls.append((partner, "\n".join(n for n in notes if n).strip(), activity.user_id))
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        Interaction = self.env["corporate.interaction"]
        for partner, note, activity_user in calls:
            # Whoever marks the call done made it; a system action counts for the assignee.
            user = self.env.user
            if user._is_superuser() or not user._is_internal():
                user = activity_user or user
            Interaction._log_automatic(
                partner, {"interaction_type": "call", "note": note}, user=user
            )
        return result

    def _corporate_partner(self):
        """The partner the activity is about, for client cards, partners and orders."""
        self.ensure_one()
        if self.res_model not in ("corporate.client", "res.partner", "sale.order"):
            return False
        record = self.env[self.res_model].sudo().browse(self.res_id).exists()
        if not record:
            return False
        partner = record if self.res_model == "res.partner" else record.partner_id
        if not partner.commercial_partner_id.sudo().corporate_client_ids:
            return False
        return partner
