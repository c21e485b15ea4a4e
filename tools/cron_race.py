"""Run inside `odoo-bin shell` by `tools/dev.py cron-race`, twice at the same time.

Both processes wait for the same instant, then run the monthly report and the
collection jobs in their own transaction and commit.  PostgreSQL's repeatable
read isolation and the unique constraints make one of two overlapping runs fail
and roll back instead of creating anything twice; the failure is printed.
"""

import os
import time

START = float(os.environ["RACE_START"])
NAME = os.environ["RACE_NAME"]
time.sleep(max(0.0, START - time.time()))
try:
    reports = env["corporate.monthly.report"]._cron_monthly_reports()
    asked, escalated = env["account.move"]._cron_corporate_collection()
    time.sleep(1.0)  # keep the transaction open while the other one runs
    env.cr.commit()
    print(
        f"{NAME}: committed, {len(reports)} reports, {len(asked)} invoices asked, "
        f"{len(escalated)} escalated"
    )
except Exception as exc:  # noqa: BLE001 - the expected outcome for the loser
    env.cr.rollback()
    print(f"{NAME}: rolled back ({type(exc).__name__}: {str(exc).splitlines()[0]})")
