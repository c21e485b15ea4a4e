from odoo import fields, models


class CorporateReportReturnWizard(models.TransientModel):
    """Ask the department head why a monthly report goes back, at the click."""

    _name = "corporate.report.return.wizard"
    _description = "Return a Monthly Report"

    report_ids = fields.Many2many(
        "corporate.monthly.report",
        string="Reports",
        required=True,
        default=lambda self: self._default_report_ids(),
    )
    reason = fields.Text(
        required=True, help="What the manager must correct; they see it on the report."
    )

    def _default_report_ids(self):
        if self.env.context.get("active_model") != "corporate.monthly.report":
            return self.env["corporate.monthly.report"]
        return self.env["corporate.monthly.report"].browse(
            self.env.context.get("active_ids") or self.env.context.get("active_id") or []
        )

    def action_return(self):
        self.ensure_one()
        # The report's own action checks who may return it and in which state.
        self.report_ids.action_return(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
