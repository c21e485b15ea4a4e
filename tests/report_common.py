"""The hand-built month the monthly report tests share (not a test module)."""

from odoo import Command

from .common import CorporateClientCase


class ReportCase(CorporateClientCase):
    """October 2026 of manager A, built by hand.

    - 22 weekdays, a public holiday on Wednesday 14th: 21 working days;
    - daily quotas of manager A: 2 calls, 1 email offer, 1 phone offer;
    - invoices in USD (company currency) and EUR at 2 USD per EUR, a refund,
      invoices of the month before and of October 2025, a payment.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["corporate.monthly.report"]
        # The test's managers: a database may hold other managers' reports
        # (demo data), which the jobs make and the director sees too.
        cls.managers = cls.manager_a | cls.manager_b | cls.manager_c
        cls.mine = [("user_id", "in", cls.managers.ids)]
        cls.Plan = cls.env["corporate.plan"]
        cls.oct = "2026-10-01"
        Quota = cls.env["corporate.quota"]
        for metric, target in (("calls", 2), ("email_offers", 1), ("phone_offers", 1)):
            Quota.create(
                {"metric": metric, "period": "day", "target": target, "user_id": cls.manager_a.id}
            )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.company.resource_calendar_id.id,
                "date_from": "2026-10-14 00:00:00",
                "date_to": "2026-10-14 23:59:59",
            }
        )

    # ------------------------------------------------------------------ helpers
    @classmethod
    def log(cls, client, user, when, itype="call"):
        return cls.env["corporate.interaction"].create(
            {"client_id": client.id, "user_id": user.id, "date": when, "interaction_type": itype}
        )

    @classmethod
    def set_create_date(cls, records, when):
        cls.env.flush_all()
        cls.env.cr.execute(
            f"UPDATE {records._table} SET create_date = %s WHERE id IN %s",  # noqa: S608
            (when, tuple(records.ids)),
        )
        records.invalidate_recordset(["create_date"])

    @classmethod
    def invoice(cls, partner, amount, day, move_type="out_invoice", currency=None, post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Office supplies",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def payment(cls, partner, amount, day):
        """A bank receipt: what a payment or a reconciled bank statement line posts."""
        journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        receivable = partner.with_company(cls.company).property_account_receivable_id
        move = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": day,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": journal.default_account_id.id,
                            "partner_id": partner.id,
                            "debit": amount,
                        }
                    ),
                    Command.create(
                        {"account_id": receivable.id, "partner_id": partner.id, "credit": amount}
                    ),
                ],
            }
        )
        move.action_post()
        return move

    def report_for(self, user, month=None):
        return self.Report._generate_reports(month or self.oct, user)
