import base64

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CorporateOfferWizard(models.TransientModel):
    """Send a commercial offer to many clients at once (R17).

    One email per selected company, from a mail template, optionally with a
    PDF attached; each email sent is an "email offer" interaction.  Companies
    without an email address or that opted out of emails (blacklisted) are
    skipped and listed in the summary.
    """

    _name = "corporate.offer.wizard"
    _description = "Send Commercial Offer"

    client_ids = fields.Many2many(
        "corporate.client",
        "corporate_offer_wizard_client_rel",
        string="Clients",
        default=lambda self: self._default_client_ids(),
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        required=True,
        domain=[("model", "=", "corporate.client")],
        default=lambda self: self.env.ref(
            "corporate_client.mail_template_commercial_offer", raise_if_not_found=False
        ),
    )
    pdf_file = fields.Binary(string="PDF to attach", attachment=False)
    pdf_filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("done", "Sent")], default="draft")
    sent_client_ids = fields.Many2many(
        "corporate.client", "corporate_offer_wizard_sent_rel", string="Sent to"
    )
    no_email_client_ids = fields.Many2many(
        "corporate.client", "corporate_offer_wizard_no_email_rel", string="Skipped: no email"
    )
    opted_out_client_ids = fields.Many2many(
        "corporate.client", "corporate_offer_wizard_opt_out_rel", string="Skipped: opted out"
    )
    summary = fields.Text(readonly=True)

    @api.model
    def _default_client_ids(self):
        if self.env.context.get("active_model") == "corporate.client":
            return [Command.set(self.env.context.get("active_ids") or [])]
        return []

    def _pdf_attachment_values(self, card):
        raw = base64.b64decode(self.pdf_file)
        if not raw.startswith(b"%PDF"):
            raise UserError(
                self.env._("%s is not a PDF file: attach a PDF.", self.pdf_filename or "The file")
            )
        name = self.pdf_filename or "offer.pdf"
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        return {
            "name": name,
            "raw": raw,
            "mimetype": "application/pdf",
            "res_model": "corporate.client",
            "res_id": card.id,
        }

    def action_send(self):
        self.ensure_one()
        if not self.client_ids:
            raise UserError(self.env._("Select the clients to send the offer to."))
        no_email = self.client_ids.filtered(lambda card: not card.email)
        opted_out = (self.client_ids - no_email).filtered(
            lambda card: card.partner_id.is_blacklisted
        )
        to_send = self.client_ids - no_email - opted_out
        Interaction = self.env["corporate.interaction"]
        subjects = self.template_id._render_field("subject", to_send.ids) if to_send else {}
        for card in to_send:
            attachment_ids = []
            if self.pdf_file:
                attachment_ids = (
                    self.env["ir.attachment"].create(self._pdf_attachment_values(card)).ids
                )
            card.message_post_with_source(
                self.template_id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=[Command.set(attachment_ids)],
            )
            Interaction.create(
                {
                    "client_id": card.id,
                    "interaction_type": "email_offer",
                    "direction": "outgoing",
                    "user_id": self.env.uid,
                    "note": self.env._("Commercial offer sent: %s", subjects.get(card.id) or ""),
                }
            )
        lines = [self.env._("Offer sent to %s companies.", len(to_send))]
        if no_email:
            lines.append(
                self.env._(
                    "Skipped, no email address (%(count)s): %(names)s",
                    count=len(no_email),
                    names=", ".join(no_email.mapped("name")),
                )
            )
        if opted_out:
            lines.append(
                self.env._(
                    "Skipped, opted out of emails (%(count)s): %(names)s",
                    count=len(opted_out),
                    names=", ".join(opted_out.mapped("name")),
                )
            )
        self.write(
            {
                "state": "done",
                "sent_client_ids": [Command.set(to_send.ids)],
                "no_email_client_ids": [Command.set(no_email.ids)],
                "opted_out_client_ids": [Command.set(opted_out.ids)],
                "summary": "\n".join(lines),
                "pdf_file": False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commercial offer sent"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
