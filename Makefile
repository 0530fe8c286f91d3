# Two commands do everything (README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## Install, migrate, seed the demo county (first run), deploy processes/, serve the API with the worker.
run: $(VENV)/.installed
	$(BIN)/lianjing run

## Install and run the whole suite on SQLite, then on PostgreSQL when one answers at 127.0.0.1:5432.
test: $(VENV)/.installed test-sqlite test-postgres

test-sqlite: $(VENV)/.installed
	$(BIN)/python -m pytest -q

test-postgres: $(VENV)/.installed
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=test', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL reachable: running the suite on PostgreSQL"; \
		LIANJING_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -q; \
	else \
		echo "== PostgreSQL not reachable at 127.0.0.1:5432: PostgreSQL run skipped"; \
	fi

## Benchmarks (not tests): prints engine, HTTP and bare SpiffWorkflow figures side by side.
bench: $(VENV)/.installed
	$(BIN)/python -m bench

lint: $(VENV)/.installed
	$(BIN)/ruff check engine webui forms tests bench

clean:
	rm -rf $(VENV) instance .pytest_cache
