# motcua — the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

# The embedded default: SQLite, local files, tasks in the database, demo data.
RUN_ENV := HTTPS=0 DEBUG=0 DEV_MAILBOX=1 STAFF_MFA_REQUIRED=0 \
	SMS_GATEWAY=dev-file DEV_SMS=1 SMS_SHORT_CODE=8088 PAYMENTS_DEMO_ENABLED=1 \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	SITE_URL=http://$${HOST:-127.0.0.1}:$${PORT:-8000} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost,[::1]}

.PHONY: help setup run test test-pg e2e lint bench messages clean

help:
	@echo "make run      set up and serve the whole platform on http://127.0.0.1:8000"
	@echo "make test     set up and run the test suite on SQLite"
	@echo "make test-pg  the suite on PostgreSQL (DATABASE_URL or 127.0.0.1:5432)"
	@echo "make e2e      browser journeys in Chromium"
	@echo "make lint     ruff (format and check) and mypy"
	@echo "make bench    benchmarks (figures, not tests)"
	@echo "make messages extract and compile translations"

$(UV):
	@PYBIN=$$(scripts/find-python) && "$$PYBIN" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--target .tools "uv==$(UV_VERSION)" && test -x $(UV)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	@PYBIN=$$(scripts/find-python) && $(UV) sync --frozen --quiet -p "$$PYBIN"
	@touch $@

setup: $(VENV)/.synced

run: setup
	@scripts/ensure-fonts
	@mkdir -p var
	@$(RUN_ENV) $(PY) -m motcua migrate --no-input -v 0
	@$(RUN_ENV) $(PY) -m motcua collectstatic --no-input -v 0
	@$(RUN_ENV) $(PY) -m motcua demo
	@echo "E-mail (development): http://$${HOST:-127.0.0.1}:$${PORT:-8000}/dev/hop-thu/"
	@echo "SMS (development): http://$${HOST:-127.0.0.1}:$${PORT:-8000}/dev/tin-nhan/"
	@echo "Staff area: http://$${HOST:-127.0.0.1}:$${PORT:-8000}/can-bo/ · Admin: /admin/"
	@$(RUN_ENV) exec $(PY) -m motcua serve

test: setup
	@scripts/ensure-fonts
	@scripts/ensure-poppler
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} -m "not e2e and not pg_worker" $(ARGS)
	$(PY) -m motcua makemigrations --check --dry-run -v 1

test-pg: setup
	@scripts/ensure-fonts
	@scripts/ensure-poppler
	@scripts/ensure-postgres
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/motcua_ci} TASK_BACKEND=immediate \
		$(PY) -m pytest -n $${PYTEST_WORKERS:-2} -m "not e2e and not pg_worker" $(ARGS)

e2e: setup
	@scripts/ensure-browser
	$(PY) -m pytest -m e2e e2e $(ARGS)

lint: setup
	$(PY) -m ruff format --check src tests bench e2e
	$(PY) -m ruff check src tests bench e2e
	$(PY) -m mypy $$(ls src/motcua/*/actions.py src/motcua/*/actions/*.py src/motcua/*/selectors.py src/motcua/*/constants.py 2>/dev/null)

bench: setup
	$(PY) bench/http_throughput.py
	$(PY) bench/notifications_throughput.py
	$(PY) bench/website_weight.py
	$(PY) bench/dossier_throughput.py
	$(PY) bench/dossier_queues.py

messages: setup
	cd src/motcua && ../../$(PY) -m django makemessages -l vi --no-obsolete --ignore 'locale_overrides/*' \
		&& msgattrib --clear-fuzzy --empty --clear-previous -o locale/vi/LC_MESSAGES/django.po locale/vi/LC_MESSAGES/django.po \
		&& ../../$(PY) -m django compilemessages -l vi
	@# msgmerge's fuzzy guesses were wrong more often than right: new msgids start empty.

clean:
	rm -rf $(VENV) .tools
