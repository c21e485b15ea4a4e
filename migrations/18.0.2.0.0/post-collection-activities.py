"""18.0.2.0.0: Collect payment activities know their invoice.

From 18.0.2 each Collect payment activity points to its invoice
(``mail_activity.corporate_move_id``), so that paying the invoice closes the
activity.  Activities created by 18.0.1 only name the invoice in their summary
("Collect payment of INV/2026/00012 (…)", "Escalated: INV/2026/00012 of …"):
link them by that name, once, in one statement.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        r"""
        WITH named AS (
            SELECT activity.id,
                   COALESCE(
                       substring(activity.summary FROM '^Collect payment of (\S+) \('),
                       substring(activity.summary FROM '^Escalated: (\S+) of ')
                   ) AS invoice_name
              FROM mail_activity activity
              JOIN ir_model_data xid
                ON xid.res_id = activity.activity_type_id
               AND xid.module = 'corporate_client'
               AND xid.name = 'mail_activity_type_collect_payment'
             WHERE activity.res_model = 'corporate.client'
               AND activity.corporate_move_id IS NULL
        )
        UPDATE mail_activity activity
           SET corporate_move_id = move.id
          FROM named
          JOIN account_move move
            ON move.name = named.invoice_name
           AND move.move_type = 'out_invoice'
         WHERE activity.id = named.id
        """
    )
