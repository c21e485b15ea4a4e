# Developer commands for the corporate_client addon; see README.md.
# Everything is done by tools/dev.py with the system's python3 (3.10-3.12).
PYTHON ?= python3
DEV := $(PYTHON) tools/dev.py

.PHONY: demo demo-reset test test-demo test-neighbours test-shifted test-reuse lint bench scale-data setup shell pot wheel upgrade-check install-check odoo-tests load cron-race screenshots help

help:
	@echo "make demo        serve the addon with demo data on http://127.0.0.1:8069 (admin/admin)"
	@echo "make test        run the whole test suite (fresh database, browser tours included)"
	@echo "make lint        ruff, pylint-odoo and oca-checks-odoo-module"
	@echo "make bench       print the benchmark figures (ARGS=\"writes\": the counters' write cost)"
	@echo "make load        Locust: ramp of managers with think time + saturation ramp (ARGS=\"--quick\": < 5 min)"
	@echo "make demo-reset  rebuild the demo database from scratch"

demo:
	$(DEV) demo

demo-reset:
	$(DEV) demo --reset

test:
	$(DEV) test

# The whole suite under Odoo's own test runner on a database with the demo data
# of every installed module (Odoo's sale demo: customers, orders, salespeople).
test-demo:
	$(DEV) test-demo $(ARGS)

# The same with the OCA neighbours installed (sales_team_security,
# sale_financial_risk, partner_firstname from PyPI): their tests and ours.
test-neighbours:
	$(DEV) test-demo --neighbours $(ARGS)

# The whole suite with the clocks of Python, the browser and a PostgreSQL of its own
# shifted by libfaketime: make test-shifted [AT="2028-02-29 16:57:00"].
test-shifted:
	$(DEV) test-shifted $(if $(AT),--at "$(AT)") $(ARGS)

# Faster iteration: update the addon in the last test database.
test-reuse:
	$(DEV) test --reuse-db $(ARGS)

lint:
	$(DEV) lint

bench:
	$(DEV) bench $(ARGS)

# The large database of the scale benchmark (100k partners, 1M interactions...).
scale-data:
	$(DEV) bench scale generate

setup:
	$(DEV) setup

shell:
	$(DEV) shell

# The addon as an OCA-style wheel (odoo-addon-corporate_client) in dist/.
wheel:
	$(DEV) wheel

# Regenerate i18n/corporate_client.pot from the code and merge it into the .po files.
pot:
	$(DEV) pot

# Install the previous release (ARGS=--from=<git ref> to choose it) with data,
# upgrade to this checkout: owners, reports, contracts, indexes and rules kept;
# uninstalling keeps partners, orders and invoices.
upgrade-check:
	$(DEV) upgrade-check $(ARGS)

# Install with demo data into an Indonesian company's Odoo (l10n_id and the usual
# apps): no warning or error logged.
install-check:
	$(DEV) install-check

# Odoo's own sale / sale_management / sale_stock post-install tests, with and
# without corporate_client: only failures the addon causes fail.
odoo-tests:
	$(DEV) odoo-tests $(ARGS)

# Load (Locust, in a venv of its own): Odoo in prefork mode with (2 x cores) + 1
# workers on 127.0.0.1; a ramp of managers (10, 50, 100, 200, 400; 180 s steps)
# with the web client's requests and think time, then a saturation ramp without
# think time (1..64 users). Reports under ~/.cache/corporate_client/load/<time>/.
# ARGS="--quick" (under 5 min), ARGS="--steps 10,100 --step-seconds 60" ...;
# make load REPLICA=1 (or ARGS=--replica): with a streaming read replica of the
# PostgreSQL server as Odoo's db_replica_host. Not run by CI.
load:
	$(DEV) load $(if $(REPLICA),--replica) $(ARGS)

# README pictures from the demo database (static/description/screenshots).
screenshots:
	$(DEV) screenshots

# Two workers run the monthly report and collection jobs at once: nothing twice.
cron-race:
	$(DEV) cron-race
