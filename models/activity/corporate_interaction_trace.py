from markupsafe import Markup

from odoo import api, models


class CorporateInteraction(models.Model):
    """A trace on the card and a confirmation for interactions logged by hand (issue 19)."""

    _inherit = "corporate.interaction"

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        if self.env.context.get("corporate_quick_log"):
            interactions._post_on_card()
        activity = interactions[:1]._corporate_queue_activity(
            self.env.context.get("corporate_queue_activity_id")
        )
        if activity:
            # Logged from a row of the work queue: the row's activity is done
            # (without logging the call a second time).
            activity.with_context(
                corporate_queue_activity_id=False, corporate_no_call_log=True
            ).action_feedback(feedback=False)
        return interactions

    def _corporate_queue_activity(self, activity_id):
        """The work queue's activity that logging ``self`` completes: only an
        activity of the same card the user may close (the id comes from the
        client, as any context key: it decides nothing else)."""
        if not self or not isinstance(activity_id, int) or isinstance(activity_id, bool):
            return self.env["mail.activity"]
        activity = self.env["mail.activity"].browse(activity_id).exists()
        activity = activity._filtered_access("write")
        if (
            not activity
            or activity.res_model != "corporate.client"
            or activity.res_id != self.client_id.id
        ):
            return self.env["mail.activity"]
        return activity

    def _post_on_card(self):
        """A note in the card's chatter, like Odoo's activity-done messages."""
        types = dict(self._fields["interaction_type"]._description_selection(self.env))
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for interaction in self:
            title = types.get(interaction.interaction_type, "")
            if interaction.outcome:
                title = f"{title}: {outcomes[interaction.outcome]}"
            body = Markup("<p><b>%s</b></p>") % title
            if interaction.contact_id:
                body += Markup("<p>%s</p>") % interaction.contact_id.display_name
            # The notes stay on the interaction, whose rules follow the card's
            # manager: the card's chatter is read by accountants too (R9).
            # Posted by the system on behalf of the user who logged it: a
            # substitute may log a call without being a follower of the card.
            interaction.client_id.sudo().message_post(
                body=body,
                author_id=self.env.user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def action_logged(self):
        """The quick form's "Log" button: saved, say so and close."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(what)s with %(client)s logged: it is in the card's history.",
                    what=dict(
                        self._fields["interaction_type"]._description_selection(self.env)
                    ).get(self[:1].interaction_type, ""),
                    client=self[:1].client_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
