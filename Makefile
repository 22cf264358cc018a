# Two commands for a fresh machine:  `make run` (open the app on the bundled
# sample) and `make test` (the whole suite).  Both install what is missing.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BUNDLE := dist/duizhao
# Screenshots need a real display; without one they run under a private Xvfb.
XVFB   := $(if $(DISPLAY),,xvfb-run -a -s "-screen 0 1920x1200x24")

# `make lint`: ruff (style and common bugs) on the code and tests, mypy on the core.
.PHONY: run test lint bench system-deps screenshots icons bundle bundle-check install-desktop uninstall-desktop clean

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

lint: $(STAMP)
	$(VENV)/bin/ruff check reader tests benchmarks packaging
	$(VENV)/bin/mypy

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

screenshots: system-deps $(STAMP)
	$(XVFB) $(PY) packaging/screenshots.py

icons: $(STAMP)
	$(PY) packaging/make_icons.py

# The double-click program: dist/duizhao/ (PyInstaller, one folder).
bundle: system-deps $(STAMP)
	PYTHON=$(PY) sh packaging/build.sh

# What CI checks after `make test`: the built program as a new user runs it.
bundle-check: bundle
	desktop-file-validate packaging/linux/duizhao.desktop
	rm -rf build/smoke
	env QT_QPA_PLATFORM=offscreen DUIZHAO_CACHE=build/smoke/cache DUIZHAO_DB=build/smoke/duizhao.sqlite3 \
		$(BUNDLE)/duizhao --smoke-test
	DUIZHAO_BUNDLE=$(BUNDLE) QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/packaging

install-desktop: bundle
	sh packaging/linux/install.sh

uninstall-desktop:
	sh packaging/linux/install.sh --uninstall

clean:
	rm -rf $(VENV) build dist
