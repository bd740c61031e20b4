# Carnet: `make run` to serve the blog, `make test` to run the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WEB_CONCURRENCY ?= 3

.PHONY: install run serve test test-db messages static lint clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Test and bench tools from npm (axe-core, vnu-jar, Lighthouse), exactly as package-lock.json pins
# them; --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime, and ours is installed.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error
	touch $@

## install: create .venv and install the pinned dependencies (shared by run and test).
install: $(VENV)/.installed messages

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

## run: migrate, demo content on an empty database, then gunicorn and the task worker.
# The public address follows the port unless SITE_URL is set (feeds and links name it).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install static
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py demo_content
	PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) bin/serve

## test: the whole suite (unit, views, live servers, SMTP, Chromium, axe-core, vnu).
test: install node_modules/.installed
	$(PY) -m pytest --ds=config.settings.test $(PYTEST_ARGS)

## test-db: the tests that touch the database (run by CI again on PostgreSQL).
test-db: install node_modules/.installed
	$(PY) -m pytest --ds=config.settings.test -m "not browser" $(PYTEST_ARGS)

## lint: ruff, no model change without its migration, no fuzzy or untranslated French string.
lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test --verbosity 0
	@stats=$$(msgfmt --statistics -o /dev/null locale/fr/LC_MESSAGES/django.po 2>&1); echo "fr: $$stats"; \
	  if echo "$$stats" | grep -Eq 'untranslated|fuzzy'; then echo "locale/fr: translate every string, no fuzzy entry"; exit 1; fi

clean:
	rm -rf $(VENV) staticfiles
