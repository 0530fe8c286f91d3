# Two commands do everything (README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

NPM ?= npm
NODE_MODULES_STAMP := node_modules/.installed
VENDOR := webui/static/vendor
VENDOR_STAMP := $(VENDOR)/.copied

.PHONY: translations run test test-sqlite test-postgres bench lint clean vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## Front-end libraries: npm installs exactly package-lock.json (never a CDN, never committed), then only the
## dist files the pages load are copied into webui/static/vendor/ (same layout the templates link to).
$(NODE_MODULES_STAMP): package-lock.json package.json
	@command -v $(NPM) >/dev/null || { echo "FAIL: npm is required to install the front-end libraries (apt-get install npm)"; exit 1; }
	$(NPM) ci --no-audit --no-fund --ignore-scripts
	touch $@

$(VENDOR_STAMP): $(NODE_MODULES_STAMP) Makefile
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons/fonts $(VENDOR)/bpmn-js/bpmn-font/css \
		$(VENDOR)/bpmn-js/bpmn-font/font $(VENDOR)/chart.js
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
		$(VENDOR)/bootstrap/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css $(VENDOR)/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff \
		$(VENDOR)/bootstrap-icons/fonts/
	cp node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js node_modules/bpmn-js/dist/bpmn-modeler.production.min.js \
		node_modules/bpmn-js/dist/assets/diagram-js.css node_modules/bpmn-js/dist/assets/bpmn-js.css $(VENDOR)/bpmn-js/
	cp node_modules/bpmn-js/dist/assets/bpmn-font/css/bpmn.css $(VENDOR)/bpmn-js/bpmn-font/css/
	cp node_modules/bpmn-js/dist/assets/bpmn-font/font/bpmn.woff2 node_modules/bpmn-js/dist/assets/bpmn-font/font/bpmn.woff \
		node_modules/bpmn-js/dist/assets/bpmn-font/font/bpmn.ttf node_modules/bpmn-js/dist/assets/bpmn-font/font/bpmn.eot \
		node_modules/bpmn-js/dist/assets/bpmn-font/font/bpmn.svg $(VENDOR)/bpmn-js/bpmn-font/font/
	cp node_modules/chart.js/dist/chart.umd.js $(VENDOR)/chart.js/
	mkdir -p $(VENDOR)/dmn-js/dmn-font/css $(VENDOR)/dmn-js/dmn-font/font
	cp node_modules/dmn-js/dist/dmn-modeler.production.min.js node_modules/dmn-js/dist/assets/dmn-js-shared.css \
		node_modules/dmn-js/dist/assets/dmn-js-decision-table.css node_modules/dmn-js/dist/assets/dmn-js-decision-table-controls.css \
		node_modules/dmn-js/dist/assets/dmn-js-drd.css node_modules/dmn-js/dist/assets/diagram-js.css $(VENDOR)/dmn-js/
	cp node_modules/dmn-js/dist/assets/dmn-font/css/dmn.css $(VENDOR)/dmn-js/dmn-font/css/
	cp node_modules/dmn-js/dist/assets/dmn-font/font/dmn.woff2 node_modules/dmn-js/dist/assets/dmn-font/font/dmn.woff \
		node_modules/dmn-js/dist/assets/dmn-font/font/dmn.ttf node_modules/dmn-js/dist/assets/dmn-font/font/dmn.eot \
		node_modules/dmn-js/dist/assets/dmn-font/font/dmn.svg $(VENDOR)/dmn-js/dmn-font/font/
	touch $@

## Install the front-end libraries and copy their dist files into webui/static/vendor/.
vendor: $(VENDOR_STAMP)

## Install, migrate, seed the demo county (first run), deploy processes/, serve the API with the worker.
run: $(VENV)/.installed $(VENDOR_STAMP)
	$(BIN)/lianjing run

## Install and run the whole suite on SQLite, then on PostgreSQL when one answers at 127.0.0.1:5432.
## The web tests also run on PostgreSQL inside a plain `pytest`; here the PostgreSQL run that follows covers them.
test: $(VENV)/.installed $(VENDOR_STAMP)
	LIANJING_TEST_POSTGRES_RUN_FOLLOWS=$$($(BIN)/python -c "import psycopg; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=test', connect_timeout=3).close(); print(1)" 2>/dev/null || echo 0) \
		$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(VENV)/.installed $(VENDOR_STAMP)
	$(BIN)/python -m pytest -q

test-postgres: $(VENV)/.installed $(VENDOR_STAMP)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=test', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL reachable: running the suite on PostgreSQL"; \
		LIANJING_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -q; \
	else \
		echo "== PostgreSQL not reachable at 127.0.0.1:5432: PostgreSQL run skipped"; \
	fi

## Benchmarks (not tests): prints engine, HTTP and bare SpiffWorkflow figures side by side.
bench: $(VENV)/.installed $(VENDOR_STAMP)
	$(BIN)/python -m bench

lint: $(VENV)/.installed
	$(BIN)/ruff check engine webui forms tests bench processes

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules $(VENDOR)

## After changing page texts: extract them, merge into the English catalogue, compile it (commit both files).
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F webui/babel.cfg -k _l --no-location --sort-output -o webui/translations/messages.pot webui
	$(BIN)/pybabel update -i webui/translations/messages.pot -d webui/translations
	$(BIN)/pybabel compile -d webui/translations
	rm webui/translations/messages.pot
