"""Accounting set-up shared by the contract, receivable and reliability tests.

Follows Odoo's ``AccountTestInvoicingCommon``: the company gets the generic chart
of accounts when it has none, then invoices are created, posted and paid through
the ordinary documents and wizards.
"""

from odoo import Command

from .common import CorporateClientCase


class CorporateAccountingCase(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        if not company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )
        cls.sale_journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        # As Odoo's AccountTestInvoicingCommon: payments go through an outstanding
        # receipts account, so that they reconcile with the invoices.
        method_line = cls.bank_journal.inbound_payment_method_line_ids[:1]
        if not method_line.payment_account_id:
            method_line.payment_account_id = cls.env["account.account"].create(
                {
                    "name": "Outstanding Receipts (test)",
                    "code": "OSTR99",
                    "reconcile": True,
                    "account_type": "asset_current",
                }
            )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Office paper (box)",
                "type": "service",
                "invoice_policy": "order",
                "lst_price": 100.0,
                "taxes_id": False,
            }
        )
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        # 2 EUR for 1 unit of the company currency, all year.
        cls.env["res.currency.rate"].search(
            [("currency_id", "=", cls.eur.id), ("company_id", "in", (company.id, False))]
        ).unlink()
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.eur.id, "name": "2020-01-01", "rate": 2.0, "company_id": company.id}
        )

    @classmethod
    def invoice(cls, card, amount, invoice_date, due, currency=None, move_type="out_invoice"):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": card.partner_id.id,
                "invoice_date": invoice_date,
                "date": invoice_date,
                "invoice_date_due": due,
                "invoice_payment_term_id": False,
                "journal_id": cls.sale_journal.id,
                "currency_id": (currency or cls.env.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def pay(cls, invoice, amount, date, currency=None):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": date,
                    "journal_id": cls.bank_journal.id,
                    "currency_id": (currency or invoice.currency_id).id,
                }
            )
        )
        return wizard._create_payments()

    @classmethod
    def refund(cls, invoice, amount, date):
        """A credit note of ``amount`` reconciled with ``invoice``."""
        card = invoice.partner_id.corporate_client_ids
        credit_note = cls.invoice(card, amount, date, date, move_type="out_refund")
        (invoice | credit_note).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        return credit_note
