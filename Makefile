# Profinfo: `make run` brings up the portal, `make test` runs the whole suite.
# Needs only python3 (>= 3.11) and make; everything else goes into .venv/ and var/.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
SANDBOX ?= 1
SANDBOX_PORT ?= 8765
DEMO   ?= 1

.PHONY: run test lint format prepare messages clean-var bench

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Нужен Python 3.11 или новее: $$($(PYTHON) --version)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

var:
	mkdir -p var/staticfiles

messages: $(STAMP)
	$(PY) manage.py compile_catalogues

# Everything `run` needs before the processes start; safe to repeat.
# DEMO=1 (the default) adds the demo of the union on the first start (about
# 20 s; a later start finds it loaded and adds nothing); DEMO=0 keeps the
# report's region alone.
prepare: $(STAMP) var messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py load_demo_users
	if [ "$(DEMO)" != 0 ]; then $(PY) manage.py load_demo; fi

# SANDBOX=1 (the default) also starts the networks' sandbox (manage.py
# channels_sandbox) and connects the seeded regional pages to it; the worker
# and runserver of this run talk to it instead of Facebook and Telegram.
# It also starts the union's bot (manage.py telegram_bot, token sandbox-bot)
# polling the sandbox, whose page /bot lets a newcomer play the chair's side.
# SANDBOX=0 runs without it, against the real networks' addresses.
# Ctrl+C stops everything within seconds: the worker gets SIGQUIT (a cold
# shutdown after CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT, 5 s, for the running
# tasks; an unfinished task goes back to the broker and runs on the next
# start), and whatever still lives 8 s later is killed. Without SITE_URL the
# portal's address (QR codes, posters, calendar feeds, e-mails) is HOST:PORT.
run: prepare
	@echo
	@echo "Profinfo: http://$(HOST):$(PORT)/   (остановить: Ctrl+C)"
	@echo "Вход: press, leader, lawyer, chair, chair2, central, admin — пароль profinfo-demo"
	@echo
	@export HOST='$(HOST)' PORT='$(PORT)'; pids=; \
	  if [ "$(SANDBOX)" = 1 ]; then \
	    export GRAPH_API_URL=http://127.0.0.1:$(SANDBOX_PORT)/graph/v26.0; \
	    export TELEGRAM_API_URL=http://127.0.0.1:$(SANDBOX_PORT)/telegram; \
	    export TELEGRAM_PREVIEW_URL=http://127.0.0.1:$(SANDBOX_PORT)/tme; \
	    export FACEBOOK_DIALOG_URL=http://127.0.0.1:$(SANDBOX_PORT)/dialog/oauth; \
	    export FACEBOOK_APP_ID=sandbox-app FACEBOOK_APP_SECRET=sandbox-secret; \
	    export SITE_URL=http://$(HOST):$(PORT); \
	    $(PY) manage.py channels_sandbox --port $(SANDBOX_PORT) --connect & pids="$$pids $$!"; \
	    export TELEGRAM_BOT_TOKEN=sandbox-bot; \
	    $(PY) manage.py telegram_bot & pids="$$pids $$!"; \
	  fi; \
	  $(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 \
	    --schedule=var/celerybeat-schedule & celery_pid=$$!; \
	  stop() { trap - EXIT INT TERM; kill $$pids 2>/dev/null; kill -QUIT $$celery_pid 2>/dev/null; \
	    for _ in 1 2 3 4 5 6 7 8; do kill -0 $$celery_pid 2>/dev/null || break; sleep 1; done; \
	    kill -KILL $$celery_pid 2>/dev/null; wait $$celery_pid $$pids 2>/dev/null; }; \
	  trap stop EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djlint --lint templates portal/templates branches contentplan materials bulletins questions brand channels publishing surveys reach bot dashboards

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The suite runs on every core, at most four workers (pytest-xdist); each
# worker has its own test database and cache. `make test PYTEST_ARGS=-n0`
# runs it in one process.
PYTEST_ARGS ?= -n auto --maxprocesses=4
test: lint var messages
	$(PY) -m pytest $(PYTEST_ARGS)

clean-var:
	rm -rf var

# Loads demo data at 1× and 10× into throw-away databases and times the
# dashboards, the calendar, the review queue, the audit table and the admin.
bench: $(STAMP) var messages
	$(PY) manage.py bench
	$(PY) manage.py bench_collection
