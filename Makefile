# Shouhu: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint check-migrations bench clean messages

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Shouhu needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

## Start Shouhu on SQLite with the demo county loaded (demo data is generated once).
## Static files are served as deployed (hashed names, compressed, cached for good): collectstatic
## runs on every start, so an edited CSS or script file is picked up by the next `make run`.
RUN_ENV := DEBUG=1 STATIC_MANIFEST=1
run: $(STAMP)
	$(BIN)/python scripts/compile_messages.py
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(RUN_ENV) $(BIN)/python manage.py load_divisions
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --if-empty
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(RUN_ENV) PORT=$(PORT) $(BIN)/python manage.py serve_demo

## Run the whole test suite (unit, integration, real-browser) and the linters.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/python scripts/compile_messages.py --check
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -l en -l ja --no-obsolete --ignore=.venv --ignore=growth --ignore=bench --ignore=staticfiles --ignore=tests --ignore=test-results
	$(BIN)/python scripts/compile_messages.py

bench: $(STAMP)
	$(BIN)/python bench/bench_growth.py
	$(BIN)/python bench/bench_registry.py

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles
