"""18.0.2.3.0: the end-of-day shortfall summary moved to its log model.

``_cron_shortfall_summary`` left ``corporate.quota`` (quotas and targets only)
for ``corporate.quota.shortfall``.  The cron's record is ``noupdate``: point
the existing one (found by its XML id) to the new model, or it would call a
method that no longer exists.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("corporate_client.ir_cron_quota_shortfall", raise_if_not_found=False)
    model = env["ir.model"]._get("corporate.quota.shortfall")
    if cron and model:
        cron.model_id = model
