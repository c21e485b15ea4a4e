from odoo import models


class IrActionsReport(models.Model):
    """The addon's reports render only records the user may read (R15).

    A report's template reads related records (a manager's name, the
    figures of a department) and Odoo's report routes (``/report/html``,
    ``/report/pdf``) take any ids: without this check, any logged-in user,
    portal included, could print any monthly report by its id.  Every report
    of this addon checks the read access of each record it renders, as the
    user who asked, before anything is rendered.
    """

    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        if (
            not self.env.su
            and report.report_name
            and report.report_name.startswith("corporate_client.")
            and report.model
        ):
            self.env[report.model].browse(docids or []).check_access("read")
        return super()._get_rendering_context(report, docids, data)
