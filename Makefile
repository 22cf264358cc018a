# Two commands for a fresh machine:  `make run` (open the app on the bundled
# sample) and `make test` (the whole suite).  Both install what is missing.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench system-deps screenshots bundle clean

system-deps:
	@sh packaging/linux/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]'
	@touch $(STAMP)

run: system-deps $(STAMP)
	$(VENV)/bin/duizhao --sample

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

screenshots: system-deps $(STAMP)
	$(PY) packaging/screenshots.py

bundle: system-deps $(STAMP)
	sh packaging/build.sh

clean:
	rm -rf $(VENV) build dist
