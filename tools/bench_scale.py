# Scale benchmark (issue #9), run by `make bench ARGS=scale` (`make scale-data`
# only builds the data).
#
# Executed as the standard input of `odoo-bin shell` on a database of its own
# (`corporate_client_scale_<checkout>`): `env` is the superuser's.
#
# 1. Data generator (once; a rerun reuses the data, `--reset` rebuilds the
#    database): 10 departments with a head and 10 account managers each, 100k
#    partners of which 5k corporate client cards, 1M interactions over the last
#    12 months, 10k confirmed sale orders, 50k posted customer invoices (most
#    of them paid by a reconciled bank entry, the rest open, some overdue) and
#    2k contracts.  Users, departments, accounts and journals go through the
#    ORM; the bulk rows are inserted with set-based SQL (generate_series) in
#    the shape the ORM writes them (foreign-key triggers and the interaction
#    indexes set aside during the load, as pg_restore does), then VACUUM
#    ANALYZEd: about a minute.  Dates are relative to the day it was built.
# 2. Benchmarks on it, each printed with the median wall time of RUNS runs
#    after a warm-up, SQL queries and peak Python memory (tracemalloc):
#    - the client list's first page (the list view's own fields) as an account
#      manager (record rules), a department head and the director, with the
#      manager/director ratio (the record-rule overhead), and the query count at
#      20 and 80 rows to show it does not depend on the records shown;
#    - a department head's team quota progress (10 managers);
#    - receivables aging of all corporate clients (the analysis pivot) and the
#      receivable figures of all 5k cards computed in one batch;
#    - the monthly reports of 10 and of all 100 managers (rolled back).
# 3. EXPLAIN ANALYZE of the slowest SQL queries of the interactive actions.
#
# BENCH_ARGS="runs=9 explain=2" changes the number of runs / plans printed;
# BENCH_ARGS="generate" only builds the data; "interactions=10000000" or
# "cards=50000" (10 invoices per card unless "invoices=N") builds a data set of
# another size (with --db <name> to keep the 1M one); "only=receivables" runs
# the receivables and reliability batches alone, "only=activity" the quota
# progress, the landing pages and the monthly reports alone.
import contextlib
import os
import re
import statistics
import time
import tracemalloc

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.tools import SQL

ARGS = dict((arg.split("=", 1) + [""])[:2] for arg in os.environ.get("BENCH_ARGS", "").split())
RUNS = int(ARGS.get("runs", 7))
EXPLAIN = int(ARGS.get("explain", 2))
DEPARTMENTS = 10
MANAGERS_PER_DEPARTMENT = 10
PARTNERS = 100_000
CARDS = int(ARGS.get("cards", 5_000))
INTERACTIONS = int(ARGS.get("interactions", 1_000_000))
SALE_ORDERS = 10_000
INVOICES = int(ARGS.get("invoices", 10 * CARDS))
# only=receivables: just the receivables and reliability batches (a data set of
# 50,000 cards: BENCH_ARGS="cards=50000 interactions=200000" --db <name>).
ONLY = ARGS.get("only")
CONTRACTS = 2_000
INTERACTIVE_MS = 300
PLAN_WIDTH = 160  # plan lines are cut there (long IN lists)
MARKER = "corporate_client.scale_data"

cr = env.cr  # noqa: F821 (odoo shell)
company = env.company  # noqa: F821
today = fields.Date.context_today(env.user)  # noqa: F821


def say(msg):
    print(msg, flush=True)


# --------------------------------------------------------------------- generator
@contextlib.contextmanager
def indexes_dropped(table):
    """Drop the indexes of ``table`` (primary key kept) and rebuild them after a bulk load."""
    cr.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [table],
    )
    indexes = cr.fetchall()
    for name, _definition in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    yield
    started = time.perf_counter()
    for _name, definition in indexes:
        cr.execute(definition)
    say(f"  {len(indexes)} indexes of {table} rebuilt in {time.perf_counter() - started:.1f} s")


def make_people():
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)  # noqa: F821
    base = env.ref("base.group_user")  # noqa: F821
    manager_group = env.ref("corporate_client.group_account_manager")  # noqa: F821
    head_group = env.ref("corporate_client.group_department_head")  # noqa: F821
    director_group = env.ref("corporate_client.group_director")  # noqa: F821

    def user_vals(login, name, group):
        return {
            "name": name,
            "login": login,
            "tz": "Asia/Jakarta",
            "groups_id": [Command.set([base.id, group.id])],
        }

    director = Users.create(user_vals("scale_director", "Scale Director", director_group))
    heads = Users.create(
        [
            user_vals(f"scale_head_{d:02d}", f"Scale Head {d:02d}", head_group)
            for d in range(DEPARTMENTS)
        ]
    )
    managers = Users.create(
        [
            user_vals(f"scale_manager_{m:03d}", f"Scale Manager {m:03d}", manager_group)
            for m in range(DEPARTMENTS * MANAGERS_PER_DEPARTMENT)
        ]
    )
    teams = env[
        "crm.team"
    ].create(  # noqa: F821
        [
            {
                "name": f"Scale Department {d:02d}",
                "is_corporate": True,
                "user_id": heads[d].id,
                "member_ids": [
                    Command.set(
                        managers[
                            d * MANAGERS_PER_DEPARTMENT : (d + 1) * MANAGERS_PER_DEPARTMENT
                        ].ids
                    )
                ],
            }
            for d in range(DEPARTMENTS)
        ]
    )
    return director, heads, managers, teams


def accounting_setup():
    Account = env["account.account"]  # noqa: F821
    Journal = env["account.journal"]  # noqa: F821
    in_company = [("company_ids", "in", company.id)]
    receivable = Account.search([*in_company, ("account_type", "=", "asset_receivable")], limit=1)
    income = Account.search([*in_company, ("account_type", "=", "income")], limit=1)
    sale = Journal.search([("company_id", "=", company.id), ("type", "=", "sale")], limit=1)
    bank = Journal.search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
    if not (receivable and income and sale and bank and bank.default_account_id):
        raise SystemExit("the scale database has no chart of accounts (sale and bank journals)")
    return receivable, income, sale, bank


def generate():
    started = time.perf_counter()
    cr.execute("SELECT setseed(0.42)")
    director, heads, managers, teams = make_people()
    receivable, income, sale_journal, bank_journal = accounting_setup()
    product = env["product.product"].create(  # noqa: F821
        {"name": "Scale office supplies", "type": "consu", "list_price": 100.0}
    )
    pricelist = env["product.pricelist"].search([], limit=1)  # noqa: F821
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)  # noqa: F821
    env.flush_all()  # noqa: F821
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "today": today,
        "managers": managers.ids,
        "teams": [teams[m // MANAGERS_PER_DEPARTMENT].id for m in range(len(managers))],
        "partners": PARTNERS,
        "cards": CARDS,
        "interactions": INTERACTIONS,
        "orders": SALE_ORDERS,
        "invoices": INVOICES,
        "contracts": CONTRACTS,
        "receivable": receivable.id,
        "income": income.id,
        "sale_journal": sale_journal.id,
        "bank_journal": bank_journal.id,
        "bank_account": bank_journal.default_account_id.id,
        "product": product.id,
        "uom": product.uom_id.id,
        "pricelist": pricelist.id or None,
        "warehouse": warehouse.id or None,
    }

    def step(label, query):
        t0 = time.perf_counter()
        cr.execute(query, params)
        say(f"  {label:<52} {cr.rowcount:>9,} rows  {time.perf_counter() - t0:6.1f} s")

    say("generating the scale data set")
    # The rows are consistent by construction: skip the foreign-key triggers
    # (7 lookups per interaction) when allowed to, as pg_restore does.
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cr.fetchone()[0]:
        cr.execute("SET LOCAL session_replication_role = replica")
    # Partners: the first CARDS are the corporate clients (companies with a
    # manager), the others ordinary customers, a third of them companies.
    step(
        "partners",
        """
        INSERT INTO res_partner
            (name, complete_name, active, is_company, type, lang, tz, email, phone, street,
             city, vat, user_id, customer_rank, supplier_rank, autopost_bills, partner_share,
             is_corporate_client, credit_limit, create_uid, create_date, write_uid, write_date)
        SELECT nm, nm, true, s.n <= %(cards)s OR s.n %% 3 = 0, 'contact', 'en_US',
               'Asia/Jakarta', 'contact' || s.n || '@scale.example.com',
               '+62 21 ' || lpad(s.n::text, 7, '0'), 'Jalan Scale ' || s.n,
               (ARRAY['Jakarta', 'Surabaya', 'Bandung', 'Medan', 'Semarang'])[1 + s.n %% 5],
               CASE WHEN s.n <= %(cards)s THEN 'ID' || lpad(s.n::text, 15, '0') END,
               CASE WHEN s.n <= %(cards)s
                    THEN (%(managers)s::int[])[1 + (s.n - 1) %% cardinality(%(managers)s::int[])]
               END,
               CASE WHEN s.n <= %(cards)s OR s.n %% 2 = 0 THEN 1 ELSE 0 END, 0, 'ask', true,
               s.n <= %(cards)s,
               CASE WHEN s.n <= %(cards)s AND s.n %% 2 = 0
                    THEN jsonb_build_object(%(company)s::text, 20000 + (s.n %% 10) * 5000)
               END,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM generate_series(1, %(partners)s) AS s(n),
               LATERAL (SELECT CASE WHEN s.n <= %(cards)s
                                    THEN 'Scale Corporate ' || lpad(s.n::text, 5, '0')
                                    ELSE 'Scale Customer ' || lpad(s.n::text, 6, '0')
                               END AS nm) AS x
        """,
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id "
        "WHERE commercial_partner_id IS NULL AND name LIKE 'Scale %%'",
        params,
    )
    # Cards, in the department of their manager, created over the last two years.
    step(
        "client cards",
        """
        INSERT INTO corporate_client
            (partner_id, user_id, team_id, stage, segment, registration_state,
             registration_date, registered_on_time, is_complete, card_update_date, active,
             create_uid, create_date, write_uid, write_date)
        SELECT p.id, p.user_id,
               (%(teams)s::int[])[array_position(%(managers)s::int[], p.user_id)],
               (ARRAY['active', 'active', 'active', 'negotiation', 'prospect', 'dormant',
                      'lost'])[1 + p.id %% 7],
               (ARRAY['small', 'medium', 'large', 'state'])[1 + p.id %% 4],
               'registered', c.created + interval '1 day', true, false,
               c.created + interval '2 days', true, 1, c.created, 1, c.created
          FROM res_partner p,
               LATERAL (SELECT (%(today)s::date - (p.id %% 730)) + time '03:00' AS created) c
         WHERE p.is_corporate_client AND p.name LIKE 'Scale Corporate %%'
        """,
    )
    cr.execute(
        """
        CREATE TEMP TABLE scale_card ON COMMIT DROP AS
        SELECT (row_number() OVER (ORDER BY cc.id) - 1)::int AS k, cc.id, cc.partner_id,
               p.user_id, cc.team_id
          FROM corporate_client cc JOIN res_partner p ON p.id = cc.partner_id
         WHERE p.name LIKE 'Scale Corporate %%';
        CREATE UNIQUE INDEX ON scale_card (k);
        ANALYZE scale_card;
        """,
        params,
    )
    # Interactions: 200 per card over the last 365 days, working days only,
    # 08:00-17:00 in Jakarta (UTC+7), mostly the three quota types.
    with indexes_dropped("corporate_interaction"):
        step(
            "interactions",
            """
        INSERT INTO corporate_interaction
            (client_id, partner_id, user_id, client_user_id, team_id, company_id, date,
             interaction_type, direction, outcome, duration, create_uid, create_date,
             write_uid, write_date)
        SELECT c.id, c.partner_id, c.user_id, c.user_id, c.team_id, %(company)s, t.ts,
               (ARRAY['call', 'call', 'call', 'email_offer', 'email_offer', 'email_offer',
                      'email_offer', 'email_offer', 'phone_offer', 'phone_offer',
                      'meeting', 'visit'])[1 + s.n %% 12],
               'outgoing',
               (ARRAY['reached', 'no_answer', 'interested', 'callback', 'offer_requested',
                      NULL])[1 + s.n %% 6],
               5 + s.n %% 25, 1, t.ts, 1, t.ts
          FROM generate_series(0, %(interactions)s - 1) AS s(n)
          JOIN scale_card c ON c.k = s.n %% %(cards)s
          CROSS JOIN LATERAL (
                SELECT d - CASE extract(isodow FROM d) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END
                       + interval '1 hour' + (s.n::bigint * 7919 %% 540) * interval '1 minute' AS ts
                  FROM (SELECT %(today)s::date - (hashint4(s.n) & 2147483647) %% 365 AS d) AS r
               ) AS t
         ORDER BY t.ts  -- logged as time goes by: the table is in date order
        """,
        )
    cr.execute(
        """
        UPDATE corporate_client cc SET last_contact_date = last.date
          FROM (SELECT client_id, max(date) AS date FROM corporate_interaction
                 GROUP BY client_id) AS last
         WHERE last.client_id = cc.id AND cc.last_contact_date IS NULL
        """,
        params,
    )
    cr.execute(
        """
        UPDATE corporate_client cc SET last_outcome = last.outcome
          FROM (SELECT DISTINCT ON (client_id) client_id, outcome FROM corporate_interaction
                 WHERE outcome IS NOT NULL ORDER BY client_id, date DESC, id DESC) AS last
         WHERE last.client_id = cc.id AND cc.last_outcome IS NULL
        """,
        params,
    )
    # Sale orders: confirmed, one line each.
    step(
        "sale orders",
        """
        INSERT INTO sale_order
            (name, state, partner_id, partner_invoice_id, partner_shipping_id, user_id,
             team_id, company_id, currency_id, pricelist_id, warehouse_id, date_order,
             picking_policy, invoice_status, amount_untaxed, amount_tax, amount_total,
             currency_rate, require_signature, require_payment, prepayment_percent, locked,
             create_uid, create_date, write_uid, write_date)
        SELECT 'SCALE/S' || lpad(s.n::text, 5, '0'), 'sale', c.partner_id, c.partner_id,
               c.partner_id, c.user_id, c.team_id, %(company)s, %(currency)s, %(pricelist)s,
               %(warehouse)s, d.ts, 'direct', 'invoiced', a.amount, 0, a.amount, 1.0,
               false, false, 1.0, false, 1, d.ts, 1, d.ts
          FROM generate_series(1, %(orders)s) AS s(n)
          JOIN scale_card c ON c.k = s.n %% %(cards)s,
               LATERAL (SELECT (%(today)s::date - (hashint4(s.n + 11) & 2147483647) %% 365)
                               + time '03:00' AS ts) d,
               LATERAL (SELECT 500 + ((hashint4(s.n + 23) & 2147483647) %% 950000) / 100.0
                               AS amount) a
        """,
    )
    step(
        "sale order lines",
        """
        INSERT INTO sale_order_line
            (order_id, sequence, company_id, currency_id, order_partner_id, salesman_id,
             product_id, product_uom, state, name, product_uom_qty, price_unit, discount,
             price_subtotal, price_total, price_tax, price_reduce_taxexcl,
             price_reduce_taxinc, qty_delivered, qty_invoiced, qty_to_invoice,
             untaxed_amount_invoiced, untaxed_amount_to_invoice, invoice_status,
             qty_delivered_method, customer_lead, warehouse_id, create_uid, create_date,
             write_uid, write_date)
        SELECT so.id, 10, so.company_id, so.currency_id, so.partner_id, so.user_id,
               %(product)s, %(uom)s, 'sale', 'Scale office supplies', 1, so.amount_untaxed, 0,
               so.amount_untaxed, so.amount_untaxed, 0, so.amount_untaxed, so.amount_untaxed,
               1, 1, 0, so.amount_untaxed, 0, 'invoiced', 'stock_move', 0, so.warehouse_id,
               1, so.create_date, 1, so.create_date
          FROM sale_order so WHERE so.name LIKE 'SCALE/S%%'
        """,
    )
    # Invoices: 10 per card over the year, 30 days to pay; those due more than
    # 5 days ago are paid at 85 %%, from 15 days early to 25 days late.
    cr.execute(
        """
        CREATE TEMP TABLE scale_invoice ON COMMIT DROP AS
        SELECT (row_number() OVER (ORDER BY d.inv_date, s.n))::int AS n,  -- numbered by date
               c.partner_id, c.user_id, c.team_id, d.inv_date, d.inv_date + 30 AS due,
               round((100 + random() * 9900)::numeric, 2) AS amount,
               CASE WHEN d.inv_date + 30 < %(today)s::date - 5 AND random() < 0.85
                    THEN least(%(today)s::date, d.inv_date + 15 + (random() * 40)::int)
               END AS paid_on
          FROM generate_series(1, %(invoices)s) AS s(n)
          JOIN scale_card c ON c.k = s.n %% %(cards)s,
               LATERAL (SELECT %(today)s::date - (hashint4(s.n + 37) & 2147483647) %% 365
                               AS inv_date) d
        """,
        params,
    )
    step(
        "invoices",
        """
        INSERT INTO account_move
            (name, sequence_prefix, sequence_number, journal_id, company_id, currency_id,
             state, move_type, auto_post, date, invoice_date, invoice_date_due, partner_id,
             commercial_partner_id, invoice_user_id, team_id, invoice_partner_display_name,
             payment_state, amount_untaxed, amount_tax, amount_total, amount_residual,
             amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
             amount_total_signed, amount_total_in_currency_signed, amount_residual_signed,
             invoice_currency_rate, is_storno, always_tax_exigible, checked, posted_before,
             made_sequence_gap, is_manually_modified, is_move_sent,
             create_uid, create_date, write_uid, write_date)
        SELECT 'INV/SCALE/' || lpad(i.n::text, 6, '0'), 'INV/SCALE/', i.n, %(sale_journal)s,
               %(company)s, %(currency)s, 'posted', 'out_invoice', 'no', i.inv_date,
               i.inv_date, i.due, i.partner_id, i.partner_id, i.user_id, i.team_id,
               p.name, CASE WHEN i.paid_on IS NULL THEN 'not_paid' ELSE 'paid' END,
               i.amount, 0, i.amount, r.residual, i.amount, i.amount, 0, i.amount, i.amount,
               r.residual, 1.0, false, false, true, true, false, false, true,
               1, i.inv_date, 1, i.inv_date
          FROM scale_invoice i JOIN res_partner p ON p.id = i.partner_id,
               LATERAL (SELECT CASE WHEN i.paid_on IS NULL THEN i.amount ELSE 0 END
                        AS residual) r
         ORDER BY i.n
        """,
    )
    cr.execute(
        """
        CREATE TEMP TABLE scale_invoice_move ON COMMIT DROP AS
        SELECT m.id AS move_id, i.*
          FROM account_move m JOIN scale_invoice i ON i.n = m.sequence_number
         WHERE m.sequence_prefix = 'INV/SCALE/';
        """,
        params,
    )
    line_columns = """
            (move_id, move_name, journal_id, company_id, company_currency_id, currency_id,
             account_id, partner_id, parent_state, display_type, sequence, name, date,
             invoice_date, date_maturity, debit, credit, balance, amount_currency,
             amount_residual, amount_residual_currency, reconciled, quantity, price_unit,
             price_subtotal, price_total, create_uid, create_date, write_uid, write_date)
    """
    step(
        "invoice lines (income)",
        f"""
        INSERT INTO account_move_line {line_columns}
        SELECT i.move_id, 'INV/SCALE/' || lpad(i.n::text, 6, '0'), %(sale_journal)s,
               %(company)s, %(currency)s, %(currency)s, %(income)s, i.partner_id, 'posted',
               'product', 10, 'Scale office supplies', i.inv_date, i.inv_date, NULL, 0,
               i.amount, -i.amount, -i.amount, 0, 0, false, 1, i.amount, i.amount, i.amount,
               1, i.inv_date, 1, i.inv_date
          FROM scale_invoice_move i
        """,
    )
    step(
        "invoice lines (receivable)",
        f"""
        INSERT INTO account_move_line {line_columns}
        SELECT i.move_id, 'INV/SCALE/' || lpad(i.n::text, 6, '0'), %(sale_journal)s,
               %(company)s, %(currency)s, %(currency)s, %(receivable)s, i.partner_id, 'posted',
               'payment_term', 20, 'INV/SCALE/' || lpad(i.n::text, 6, '0'), i.inv_date,
               i.inv_date, i.due, i.amount, 0, i.amount, i.amount,
               CASE WHEN i.paid_on IS NULL THEN i.amount ELSE 0 END,
               CASE WHEN i.paid_on IS NULL THEN i.amount ELSE 0 END,
               i.paid_on IS NOT NULL, 0, 0, 0, 0, 1, i.inv_date, 1, i.inv_date
          FROM scale_invoice_move i
        """,
    )
    step(
        "payments (bank entries)",
        """
        INSERT INTO account_move
            (name, sequence_prefix, sequence_number, journal_id, company_id, currency_id,
             state, move_type, auto_post, date, partner_id, commercial_partner_id,
             payment_state, amount_untaxed, amount_tax, amount_total, amount_residual,
             amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
             amount_total_signed, amount_total_in_currency_signed, amount_residual_signed,
             invoice_currency_rate, is_storno, always_tax_exigible, checked, posted_before,
             made_sequence_gap, is_manually_modified, is_move_sent,
             create_uid, create_date, write_uid, write_date)
        SELECT 'BNK/SCALE/' || lpad(i.n::text, 6, '0'), 'BNK/SCALE/', i.n, %(bank_journal)s,
               %(company)s, %(currency)s, 'posted', 'entry', 'no', i.paid_on, i.partner_id,
               i.partner_id, 'not_paid', 0, 0, i.amount, 0, 0, 0, 0, i.amount, i.amount, 0,
               1.0, false, false, true, true, false, false, false,
               1, i.paid_on, 1, i.paid_on
          FROM scale_invoice i WHERE i.paid_on IS NOT NULL
         ORDER BY i.paid_on, i.n
        """,
    )
    cr.execute(
        """
        CREATE TEMP TABLE scale_payment_move ON COMMIT DROP AS
        SELECT m.id AS move_id, i.*
          FROM account_move m JOIN scale_invoice i ON i.n = m.sequence_number
         WHERE m.sequence_prefix = 'BNK/SCALE/';
        """,
        params,
    )
    step(
        "payment lines (bank and receivable)",
        f"""
        INSERT INTO account_move_line {line_columns}
        SELECT p.move_id, 'BNK/SCALE/' || lpad(p.n::text, 6, '0'), %(bank_journal)s,
               %(company)s, %(currency)s, %(currency)s, acc.account_id, p.partner_id,
               'posted', 'product', acc.seq, 'Payment of INV/SCALE/' || lpad(p.n::text, 6, '0'),
               p.paid_on, NULL, p.paid_on,
               CASE WHEN acc.seq = 10 THEN p.amount ELSE 0 END,
               CASE WHEN acc.seq = 10 THEN 0 ELSE p.amount END,
               CASE WHEN acc.seq = 10 THEN p.amount ELSE -p.amount END,
               CASE WHEN acc.seq = 10 THEN p.amount ELSE -p.amount END,
               0, 0, acc.seq = 20, 0, 0, 0, 0, 1, p.paid_on, 1, p.paid_on
          FROM scale_payment_move p
         CROSS JOIN (VALUES (%(bank_account)s, 10), (%(receivable)s, 20)) AS acc(account_id, seq)
        """,
    )
    step(
        "reconciliations",
        """
        WITH pairs AS (
            SELECT inv_line.id AS debit_id, pay_line.id AS credit_id, p.amount, p.paid_on
              FROM scale_payment_move p
              JOIN scale_invoice_move i ON i.n = p.n
              JOIN account_move_line inv_line
                ON inv_line.move_id = i.move_id AND inv_line.account_id = %(receivable)s
              JOIN account_move_line pay_line
                ON pay_line.move_id = p.move_id AND pay_line.account_id = %(receivable)s
        ), fulls AS (
            INSERT INTO account_full_reconcile (create_uid, create_date, write_uid, write_date)
            SELECT 1, paid_on, 1, paid_on FROM pairs
            RETURNING id
        ), numbered_fulls AS (
            SELECT id, row_number() OVER (ORDER BY id) AS r FROM fulls
        ), numbered_pairs AS (
            SELECT *, row_number() OVER (ORDER BY debit_id) AS r FROM pairs
        )
        INSERT INTO account_partial_reconcile
            (debit_move_id, credit_move_id, full_reconcile_id, debit_currency_id,
             credit_currency_id, company_id, max_date, amount, debit_amount_currency,
             credit_amount_currency, create_uid, create_date, write_uid, write_date)
        SELECT np.debit_id, np.credit_id, nf.id, %(currency)s, %(currency)s, %(company)s,
               np.paid_on, np.amount, np.amount, np.amount, 1, np.paid_on, 1, np.paid_on
          FROM numbered_pairs np JOIN numbered_fulls nf ON nf.r = np.r
        """,
    )
    cr.execute(
        """
        UPDATE account_move_line aml
           SET full_reconcile_id = apr.full_reconcile_id,
               matching_number = apr.full_reconcile_id::text
          FROM account_partial_reconcile apr
         WHERE apr.full_reconcile_id IS NOT NULL
           AND aml.id IN (apr.debit_move_id, apr.credit_move_id)
           AND aml.move_name LIKE '___/SCALE/%%'
        """,
        params,
    )
    # Contracts: one per card for the first 2k cards; signed at 70 %%, a tenth
    # of them with a new client in the last 12 months.
    step(
        "contracts",
        """
        INSERT INTO corporate_contract
            (name, client_id, partner_id, user_id, client_user_id, team_id, company_id, state,
             date_signed,
             date_start, date_end, credit_limit, discount, accelerated_deadlines,
             individual_service, is_new_client, create_uid, create_date, write_uid,
             write_date)
        SELECT 'SCALE/C' || lpad(c.k::text, 5, '0'), c.id, c.partner_id, c.user_id, c.user_id,
               c.team_id,
               %(company)s, st.state,
               CASE WHEN st.state IN ('signed', 'expired') THEN d.signed END,
               CASE WHEN st.state IN ('signed', 'expired') THEN d.signed END,
               CASE WHEN st.state = 'expired' THEN d.signed + 365
                    WHEN st.state = 'signed' THEN d.signed + 730 END,
               10000 + (c.k %% 10) * 5000, c.k %% 4 * 2.5, c.k %% 5 = 0, c.k %% 7 = 0,
               c.k %% 10 = 0, 1, d.signed, 1, d.signed
          FROM scale_card c,
               LATERAL (SELECT (ARRAY['signed', 'signed', 'signed', 'signed', 'signed',
                                      'signed', 'signed', 'draft', 'negotiation',
                                      'expired'])[1 + c.k %% 10] AS state) st,
               LATERAL (SELECT %(today)s::date - (c.k * 37 %% 700) AS signed) d
         WHERE c.k < %(contracts)s
        """,
    )
    # The bulk load bypassed the triggers (replica role): count from scratch.
    t0 = time.perf_counter()
    rows = env["corporate.activity.counter"]._rebuild()  # noqa: F821
    say(f"  {'activity counters rebuilt':<52} {rows:>9,} rows  {time.perf_counter() - t0:6.1f} s")
    # Stored computed fields of the cards, as the ORM would have them, then the
    # monthly ABC classification (the cron) once.
    t0 = time.perf_counter()
    Client = env["corporate.client"].with_context(tracking_disable=True)  # noqa: F821
    cards = Client.search([("name", "=like", "Scale Corporate %")])
    for fname in (
        "is_complete",
        "registration_deadline",
        "next_checkin_date",
        "reliability_score",
        "reliability_class",
    ):
        env.add_to_compute(Client._fields[fname], cards)  # noqa: F821
    env.flush_all()  # noqa: F821
    cards._compute_abc()
    env.flush_all()  # noqa: F821
    say(
        f"  {'card fields computed, ABC classes':<52} {len(cards):>9,} cards "
        f"{time.perf_counter() - t0:6.1f} s"
    )
    env["ir.config_parameter"].set_param(MARKER, str(today))  # noqa: F821
    env.flush_all()  # noqa: F821
    cr.commit()
    with env.registry.cursor() as vacuum_cr:  # noqa: F821
        vacuum_cr._cnx.autocommit = True
        vacuum_cr.execute("VACUUM ANALYZE")
    say(f"  data set built in {time.perf_counter() - started:.0f} s")


def print_sizes():
    counts = []
    for label, table in [
        ("partners", "res_partner"),
        ("client cards", "corporate_client"),
        ("interactions", "corporate_interaction"),
        ("sale orders", "sale_order"),
        ("invoices", "account_move WHERE move_type = 'out_invoice'"),
        ("reconciliations", "account_partial_reconcile"),
        ("journal items", "account_move_line"),
        ("contracts", "corporate_contract"),
    ]:
        cr.execute(f"SELECT count(*) FROM {table}")  # noqa: E501 pylint: disable=sql-injection
        counts.append(f"{cr.fetchone()[0]:,} {label}")
    say("data: " + ", ".join(counts))


# --------------------------------------------------------------------- measuring
class QueryLog:
    """Collects the SQL (and parameters) run by the cursor, to EXPLAIN them."""

    def __init__(self):
        self.queries = []

    def __enter__(self):
        self._execute = type(cr).execute
        log = self.queries

        def execute(cursor, query, params=None, log_exceptions=True):
            log.append((query, params))
            return self._execute(cursor, query, params, log_exceptions)

        type(cr).execute = execute
        return self

    def __exit__(self, *exc):
        type(cr).execute = self._execute


def measure(label, func, runs=RUNS, interactive=True):
    """Median wall time of ``runs`` runs after a warm-up, queries, peak memory.

    Interactive actions are flagged against the 300 ms target.
    """
    func()
    env.invalidate_all()  # noqa: F821
    times = []
    for _ in range(runs):
        start_q = cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        queries = cr.sql_log_count - start_q
        env.invalidate_all()  # noqa: F821
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    env.invalidate_all()  # noqa: F821
    median = statistics.median(times)
    say(
        f"  {label:<56} {median * 1000:8.1f} ms  (min {min(times) * 1000:.1f})"
        f"  {queries:4d} queries  peak {peak / 2**20:6.2f} MiB"
        + (("  ok" if median * 1000 < INTERACTIVE_MS else "  OVER 300 ms") if interactive else "")
    )
    return median, queries


def paired_ratios(func_a, func_b, runs=RUNS):
    """Per-run time ratios a/b, each pair run back to back.

    Two medians taken minutes apart on a shared machine compare two loads as
    much as two queries (the record-rule overhead read 0.97x in one run and
    1.82x in another): pairs run in alternating order see the same load.
    """
    func_a()
    func_b()
    ratios = []
    for run in range(runs):
        timed = {}
        for name, func in (("a", func_a), ("b", func_b))[:: 1 if run % 2 else -1]:
            env.invalidate_all()  # noqa: F821
            start = time.perf_counter()
            func()
            timed[name] = time.perf_counter() - start
        ratios.append(timed["a"] / timed["b"])
    env.invalidate_all()  # noqa: F821
    return ratios


def explain(label, func, top=EXPLAIN, first=None):
    """EXPLAIN ANALYZE the ``top`` slowest SELECTs ``func`` runs.

    ``first``: also the first query starting with this text (the main search).
    """
    env.invalidate_all()  # noqa: F821
    with QueryLog() as log:
        func()
    env.invalidate_all()  # noqa: F821
    timed = []
    for query, params in log.queries:
        text = query.code if hasattr(query, "code") else str(query)
        params = query.params if hasattr(query, "code") else params
        if not text.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        cr.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {text}", params)  # pylint: disable=sql-injection
        plan = cr.fetchone()[0][0]
        timed.append((plan["Execution Time"], text, params))
    chosen = sorted(timed, key=lambda t: t[0], reverse=True)[:top]
    if first:
        main = next((t for t in timed if t[1].lstrip().startswith(first)), None)
        if main and main not in chosen:
            chosen.insert(0, main)
    for ms, text, params in chosen:
        cr.execute(f"EXPLAIN (ANALYZE, COSTS off, SUMMARY off) {text}", params)  # pylint: disable=sql-injection
        say(f"  EXPLAIN {label}: {ms:.1f} ms")
        say("    " + re.sub(r"\s+", " ", cr.mogrify(text, params).decode())[:400])
        for (row,) in cr.fetchall():
            say(("      " + row)[:PLAN_WIDTH])


def view_specification(model, user, view_type="list"):
    """The fields the web client reads for ``model``'s view, as ``user``.

    Relational fields read their display name (x2many: the ids only), plus
    what the activity widgets read besides activity_ids.
    """
    views = env[model].with_user(user).get_views([(False, view_type)])  # noqa: F821
    fields_info = views["models"][model]["fields"]
    spec = {"display_name": {}}
    for name, info in fields_info.items():
        spec[name] = {"fields": {"display_name": {}}} if info["type"] == "many2one" else {}
    if "activity_ids" in spec:
        for name in ("activity_state", "activity_summary", "activity_type_icon"):
            spec[name] = {}
        spec["activity_type_id"] = {"fields": {"display_name": {}}}
        spec["activity_user_id"] = {"fields": {"display_name": {}}}
    return spec


def list_page(model, spec, user, limit=80):
    """What a list view does on opening: the first page, counted up to 10,001."""
    return lambda: model.with_user(user).web_search_read([], spec, limit=limit, count_limit=10001)


@contextlib.contextmanager
def stored_scores(cards, as_of=None):
    """The cards' stored reliability scores as of the day ``as_of`` (None: never
    computed), rolled back on exit.

    What the nightly job finds is yesterday's scores: it rewrites only the
    cards whose score or class moved in a day (~10 %); a first computation
    (install, new weights or thresholds) writes every card.  A data set built
    before the scores were stored holds none: set them here, whatever it holds.
    """
    cr.execute("SAVEPOINT scale_stored_scores")
    if as_of is None:
        cr.execute(
            "UPDATE corporate_client SET reliability_score = NULL, reliability_class = NULL"
            " WHERE id = ANY(%s)",
            [cards.ids],
        )
    else:
        with freeze_time(fields.Datetime.to_datetime(as_of) + relativedelta(hours=12)):
            cards._corporate_recompute_reliability()
            env.flush_all()  # noqa: F821
    env.invalidate_all()  # noqa: F821
    try:
        yield
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT scale_stored_scores")
        env.invalidate_all()  # noqa: F821


def receivable_batches(Client, all_cards):
    """Receivable figures and the nightly reliability score of 1,000 cards up to all.

    Both are two SQL aggregates per batch of cards: the time per 1,000 cards
    must not grow with the number of cards.  The nightly score starts from the
    scores stored the day before (what the job finds); the next line computes
    every score anew (install, new weights or thresholds).
    """
    say("receivables and reliability of many cards (batches)")
    figures = ["receivable_total", "receivable_overdue", "receivable_avg_days_late"]
    sizes = [n for n in (1_000, 5_000, 10_000, 25_000, 50_000) if n < len(all_cards)]
    for size in [*sizes, len(all_cards)]:
        cards = all_cards[:size]

        def read_figures(cards=cards):
            env.invalidate_all()  # noqa: F821
            cards.read(figures)

        def reliability(cards=cards, nightly=True):
            cr.execute("SAVEPOINT scale_reliability")
            if nightly:
                cards._corporate_refresh_reliability()  # what the nightly job runs
            else:
                cards._corporate_recompute_reliability()  # invoices, payments, settings
            env.flush_all()  # noqa: F821
            cr.execute("ROLLBACK TO SAVEPOINT scale_reliability")
            env.invalidate_all()  # noqa: F821

        seconds, _queries = measure(
            f"receivable figures of {size:,} cards", read_figures, runs=3, interactive=False
        )
        say(f"    {seconds * 1000 * 1000 / size:.0f} ms per 1,000 cards")
        with stored_scores(cards, as_of=today - relativedelta(days=1)):
            seconds, _queries = measure(
                f"nightly reliability score of {size:,} cards",
                reliability,
                runs=3,
                interactive=False,
            )
        say(f"    {seconds * 1000 * 1000 / size:.0f} ms per 1,000 cards")
        with stored_scores(cards):
            seconds, _queries = measure(
                f"reliability of {size:,} cards, all new (at the flush)",
                lambda cards=cards: reliability(cards, nightly=False),
                runs=3,
                interactive=False,
            )
        say(f"    {seconds * 1000 * 1000 / size:.0f} ms per 1,000 cards")


def main():
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [MARKER])
    if not cr.fetchone():
        generate()
    print_sizes()
    if "generate" in ARGS:
        return
    if ONLY == "receivables":
        receivable_batches(env["corporate.client"], env["corporate.client"].search([]))  # noqa: F821
        cr.rollback()
        return
    Users = env["res.users"].with_context(active_test=False)  # noqa: F821
    director = Users.search([("login", "=", "scale_director")])
    head = Users.search([("login", "=", "scale_head_00")])
    manager = Users.search([("login", "=", "scale_manager_000")])
    managers = Users.search([("login", "=like", "scale_manager_%")], order="login")
    say(f"benchmarks ({RUNS} runs each, median; Odoo in-process, warm caches)")
    Client = env["corporate.client"]  # noqa: F821

    def lists_and_analysis():
        # 1. Client list, first page, with the list view's fields.
        spec = view_specification("corporate.client", manager)
        say(f"client list ({len(spec)} fields of the list view, 80 rows; count up to 10,001)")

        def client_list(user, limit=80):
            return list_page(Client, spec, user, limit)

        for role, user in [("manager", manager), ("head", head), ("director", director)]:
            visible = Client.with_user(user).search_count([])
            measure(f"as {role}, first page ({visible:,} cards visible)", client_list(user))
        # Same number of rows on both sides (a manager has 50 cards), page full so
        # that both also count: the difference is the record rules.
        as_manager = measure("as manager, 40 rows", client_list(manager, 40))
        as_director = measure("as director, 40 rows", client_list(director, 40))
        q20 = measure("as head, 20 rows", client_list(head, 20))[1]
        q80 = measure("as head, 80 rows", client_list(head, 80))[1]
        ratios = paired_ratios(client_list(manager, 40), client_list(director, 40))
        say(
            f"  record-rule overhead manager/director at 40 rows: {statistics.median(ratios):.2f}x "
            f"median of {len(ratios)} paired runs (spread {min(ratios):.2f}-{max(ratios):.2f}, "
            f"target <= 1.5x), queries {as_manager[1]} / {as_director[1]}; head's queries at 20 "
            f"rows {q20}, at 80 rows {q80}: "
            + ("independent of the rows shown" if q20 == q80 else "DEPENDS ON THE ROWS")
        )
        card = Client.search([("user_id", "=", manager.id)], limit=1)
        form_spec = view_specification("corporate.client", manager, "form")
        measure(
            f"open a card: the form's {len(form_spec)} fields, as manager",
            lambda: card.with_user(manager).web_read(form_spec),
        )

        # 1b. The interaction list (the largest table: 1M rows), first page.
        Interaction = env["corporate.interaction"]  # noqa: F821
        ispec = view_specification("corporate.interaction", manager)
        say(f"interaction list ({len(ispec)} fields, 80 rows, newest first)")

        def interaction_list(user, limit=80):
            return list_page(Interaction, ispec, user, limit)

        for role, user in [("manager", manager), ("head", head), ("director", director)]:
            measure(f"as {role}", interaction_list(user))

        # 1c. The interaction analysis pivot: this month by manager (its default) and
        # the director's 12 months by month.
        Analysis = env["corporate.interaction.analysis"]  # noqa: F821
        start = fields.Datetime.to_datetime(today.replace(day=1))
        this_month = [("date", ">=", start), ("date", "<", start + relativedelta(months=1))]
        measures = ["call_count:sum", "offer_count:sum", "reach_rate:avg", "offer_rate:avg"]

        def analysis(user, domain, groupby):
            return lambda: Analysis.with_user(user).web_read_group(
                domain, measures, groupby, lazy=False
            )

        say("interaction analysis (pivot)")
        for role, user in [("manager", manager), ("head", head), ("director", director)]:
            measure(f"this month by manager, as {role}", analysis(user, this_month, ["user_id"]))
        measure(
            "12 months by month, as director (all interactions)",
            analysis(director, [], ["date:month"]),
        )

        return client_list, interaction_list

    if ONLY != "activity":
        client_list, interaction_list = lists_and_analysis()

    # 2. A head's team progress (10 managers × metrics, today and this month).
    Progress = env["corporate.quota.progress"]  # noqa: F821

    def team_progress():
        Progress.with_user(head).get_team_grid()

    say("quota progress")
    measure("head's team progress (10 managers), the grid", team_progress)

    # 2b. The landing pages: a manager's My day (quota bars + work queue over
    # 50 cards and their activities) and the director's overview (progress of
    # all 100 managers by department).
    Queue = env["corporate.work.queue"]  # noqa: F821
    say("landing pages")
    measure(
        "My day (bars + work queue), as manager",
        lambda: Queue.with_user(manager).with_context(tz="Asia/Jakarta").get_my_day(),
    )
    measure(
        "overview of 10 departments / 100 managers, as director",
        lambda: Queue.with_user(director).with_context(tz="Asia/Jakarta").get_overview(),
    )

    # 4. Monthly reports of 10 and 100 managers for last month (rolled back).
    Report = env["corporate.monthly.report"]  # noqa: F821
    month = today.replace(day=1) - relativedelta(months=1)

    def reports(users):
        def run():
            cr.execute("SAVEPOINT scale_reports")
            Report._generate_reports(month, users)
            env.flush_all()  # noqa: F821
            cr.execute("ROLLBACK TO SAVEPOINT scale_reports")

        return run

    def monthly_reports():
        say(f"monthly reports of {month:%B %Y}")
        t10, q10 = measure("10 managers", reports(managers[:10]), runs=3, interactive=False)
        t100, q100 = measure("100 managers", reports(managers), runs=3, interactive=False)
        say(
            f"  per manager: {t10 * 100:.0f} ms at 10, {t100 * 10:.0f} ms at 100; queries "
            f"{q10} → {q100}"
        )

    if ONLY == "activity":
        monthly_reports()
        cr.rollback()
        return

    # 3. Receivables aging of all corporate clients.
    Aging = env["corporate.receivable.report"]  # noqa: F821
    say("receivables")
    measure(
        "aging of all corporate clients, pivot by bucket (director)",
        lambda: Aging.with_user(director).web_read_group(
            [], ["amount_residual:sum"], ["aging"], lazy=False
        ),
    )
    measure(
        "aging by account manager × bucket (director)",
        lambda: Aging.with_user(director).web_read_group(
            [], ["amount_residual:sum"], ["user_id", "aging"], lazy=False
        ),
    )
    all_cards = Client.search([])
    receivable_batches(Client, all_cards)

    # 3b. The monthly ABC classification of every card (cron, rolled back).
    def abc():
        cr.execute("SAVEPOINT scale_abc")
        Client.sudo().search([])._compute_abc()
        env.flush_all()  # noqa: F821
        cr.execute("ROLLBACK TO SAVEPOINT scale_abc")

    say("ABC classification")
    measure(f"all {len(all_cards):,} cards (monthly cron)", abc, runs=1, interactive=False)

    monthly_reports()

    # 5. Query plans of the interactive actions.
    say("query plans (EXPLAIN ANALYZE of the slowest queries)")
    search = 'SELECT "corporate_client"."id"'
    explain("client list as manager", client_list(manager), first=search)
    explain("client list as director", client_list(director), top=1, first=search)
    explain(
        "interaction list as manager",
        interaction_list(manager),
        top=1,
        first='SELECT "corporate_interaction"."id"',
    )
    explain("team progress", team_progress, top=1)
    explain(
        "aging pivot",
        lambda: Aging.with_user(director).web_read_group(
            [], ["amount_residual:sum"], ["aging"], lazy=False
        ),
        top=1,
    )
    cr.rollback()


main()
