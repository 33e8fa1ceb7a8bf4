# crm-suite: the two commands of README.md, and the tools around them.
# Settings come from the environment (VENV, ODOO_SRC, DB_USER, HTTP_PORT, ...): see README.md.
SHELL := /bin/bash
ARGS ?=
SCALE ?= small
BENCH_DB ?= crm_bench
VENV ?= $(CURDIR)/.venv
export VENV

.PHONY: help setup demo stop test lint format readme wheels screenshots clean bench-data bench bench-load bench-forecast i18n

help:
	@echo "make demo    set up everything, create crm_demo with demo data, serve it on :8069"
	@echo "make test    set up everything, fresh test database, run every test (tours included)"
	@echo "make lint    ruff (lint + format check) and pylint-odoo"
	@echo "make wheels  build one wheel per addon into dist/"
	@echo "make stop    stop the Odoo that make demo started"
	@echo "make bench-data SCALE=small|large   build the benchmark database crm_bench"
	@echo "make bench   print the benchmark table on crm_bench (BENCH_ONLY=forecast_run,...: those alone)"
	@echo "make bench-load [LOAD_USERS=20 LOAD_SECONDS=60 LOAD_WORKERS=4]   load run on crm_bench"
	@echo "make bench-forecast   the future-value models on the real CDNOW purchase history (installs lifetimes in .run/forecast-venv), then through Odoo"

setup:
	@scripts/setup.sh

demo: setup
	@scripts/demo.sh

stop:
	@scripts/stop.sh

test: setup
	@scripts/test.sh $(ARGS)

lint: setup
	@scripts/lint.sh

format: setup
	@$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

screenshots: demo
	@$(VENV)/bin/pip install -q -r requirements-docs.txt
	@$(VENV)/bin/python scripts/screenshots.py

readme:
	@$(VENV)/bin/python scripts/addon_readme.py

# Export each addon's .pot from a fresh database and bring vi.po / th.po in line.
I18N_DB ?= crm_i18n
i18n: setup
	@ROOT=$(CURDIR) bash -c '. scripts/lib.sh && fresh_suite_db $(I18N_DB) I18N_DB'
	@$(VENV)/bin/python scripts/i18n_sync.py --config .run/odoo.conf --database $(I18N_DB)

bench-data: setup
	@SCALE=$(SCALE) BENCH_DB=$(BENCH_DB) scripts/bench_data.sh

bench: setup
	@cd bench && $(VENV)/bin/python run.py --config ../.run/odoo.conf --database $(BENCH_DB) $(if $(BENCH_ONLY),--only $(BENCH_ONLY))

# The future-value models on CDNOW (shipped with lifetimes, the reference
# implementation; a virtualenv of its own, never the one make test uses), then
# end to end through Odoo on its 1/10 sample (database crm_bench_cdnow).
FORECAST_VENV ?= .run/forecast-venv
bench-forecast: setup
	@FORECAST_VENV=$(FORECAST_VENV) scripts/bench_forecast.sh

LOAD_USERS ?= 20
LOAD_SECONDS ?= 60
LOAD_WORKERS ?= 4
bench-load: setup
	@$(VENV)/bin/python bench/load.py --config .run/odoo.conf --database $(BENCH_DB) \
		--users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --workers $(LOAD_WORKERS)

wheels: setup
	@scripts/wheels.sh

clean: stop
	rm -rf dist build .pytest_cache
