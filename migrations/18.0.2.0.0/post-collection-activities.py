"""18.0.2.0.0: Collect payment activities know their invoice.

From 18.0.2 each Collect payment activity points to its invoice
(``mail_activity.corporate_move_id``), so that paying the invoice closes the
activity.  Activities created by 18.0.1 carry no link: only their summary
names the invoice, in words translated into the language of the user the job
ran as ("Collect payment of INV/2026/00012 (…)", "Tagih pembayaran …").  The
words are not read: an activity is matched by keys only, its type by xml id
(``corporate_client.mail_activity_type_collect_payment``), its card's company
to the invoice's customer, and the invoice's number (unique, never translated)
standing as a whole word in the summary.  An activity whose summary names
several of the customer's invoices, or none, is left unlinked.  Idempotent:
only activities without an invoice are looked at, in one statement.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        r"""
        WITH candidates AS (
            SELECT activity.id AS activity_id, move.id AS move_id
              FROM mail_activity activity
              JOIN ir_model_data xid
                ON xid.model = 'mail.activity.type'
               AND xid.res_id = activity.activity_type_id
               AND xid.module = 'corporate_client'
               AND xid.name = 'mail_activity_type_collect_payment'
              JOIN corporate_client card ON card.id = activity.res_id
              JOIN account_move move
                ON move.commercial_partner_id = card.partner_id
               AND move.move_type = 'out_invoice'
               AND move.name IS NOT NULL
               AND move.name != '/'
               -- the number as a whole word: its characters escaped, not
               -- preceded nor followed by a letter, a digit or a slash
               AND activity.summary ~ (
                       '(^|[^[:alnum:]/])'
                       || regexp_replace(move.name, '([^[:alnum:]])', '\\\1', 'g')
                       || '($|[^[:alnum:]/])'
                   )
             WHERE activity.res_model = 'corporate.client'
               AND activity.corporate_move_id IS NULL
        ),
        matched AS (
            SELECT activity_id, min(move_id) AS move_id
              FROM candidates
          GROUP BY activity_id
            HAVING count(*) = 1
        )
        UPDATE mail_activity activity
           SET corporate_move_id = matched.move_id
          FROM matched
         WHERE activity.id = matched.activity_id
        """
    )
