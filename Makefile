# Local government use of data: the workbook's commands. `make help` lists them.
# Everything runs inside .venv, which `make setup` fills with exactly the versions of the lock
# (requirements/dev.txt; docs/reproducibility.md says how it is made and refreshed).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?=
RAW    ?=
PDF    ?=
RAW_ARG = $(if $(RAW),--raw $(RAW))
# The lock files: every package and version, with hashes (make lock rewrites them).
LOCK       := requirements/dev.txt
RUNTIME_LOCK := requirements/runtime.txt
TOOLS_LOCK := requirements/tools.txt
UV_COMPILE  = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes
# The translation catalogues (helpers/i18n): where they live, and the languages.
LOCALE    := helpers/i18n/locale
LANGUAGES := en cy
# The browser tests' tools: Debian's Chromium and ChromeDriver, axe-core from npm (tests/browser).
BROWSER := tests/browser
AXE     := $(BROWSER)/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := help
.PHONY: help setup lock golden golden-check reports validate build synth test browser-tools validator-tools check-html lint format bench bench-compare lab clean catalogues

help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): $(LOCK) $(TOOLS_LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); run make PYTHON=python3.11 ..." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(TOOLS_LOCK)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install exactly the locked versions (requirements/dev.txt)

lock: $(STAMP) ## Resolve the dependencies again: rewrite the lock files and environment.yml (then review; see docs)
	$(UV_COMPILE) --upgrade pyproject.toml -o $(RUNTIME_LOCK)
	$(UV_COMPILE) --upgrade pyproject.toml --extra dev --extra dask -o $(LOCK)
	$(UV_COMPILE) --upgrade requirements/tools.in -o $(TOOLS_LOCK)
	$(BIN)/python requirements/environment.py > environment.yml
	@echo "lock files rewritten: review git diff requirements/, then make setup and make golden-check"

golden-check: $(STAMP) ## Render the shipped data in a temporary folder and compare with the golden record
	$(BIN)/python tests/golden.py check

golden: $(STAMP) ## Rewrite the golden record (tests/golden/shipped.sha256): only for a deliberate change
	$(BIN)/python tests/golden.py write

reports: $(STAMP) ## Set up, validate and build the data (data/raw/ or RAW=DIR), render every report (PDF=1: and its PDF)
	$(BIN)/python -m helpers report --all $(if $(JOBS),--jobs $(JOBS)) $(RAW_ARG) $(if $(PDF),--pdf)

validate: $(STAMP) ## Check data/raw/ (or RAW=DIR) against the data contract
	$(BIN)/python -m helpers validate $(RAW_ARG)

build: $(STAMP) ## Validate data/raw/ (or RAW=DIR), then write data/processed/ and outputs/summary/
	$(BIN)/python -m helpers build $(RAW_ARG)

synth: $(STAMP) ## Regenerate the shipped synthetic data in data/raw/
	$(BIN)/python -m helpers synth

test: $(STAMP) browser-tools validator-tools ## Set up and run the test-suite
	$(BIN)/python -m pytest -q

browser-tools: $(AXE) ## Install the browser tests' tools (Chromium and ChromeDriver as root, axe-core)
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium chromium-driver >/dev/null; } \
	  || echo "WARNING: could not install chromium and chromium-driver: the browser tests will be skipped"; \
	else \
	  echo "WARNING: chromium or chromedriver is missing (as root: apt-get install chromium chromium-driver): the browser tests will be skipped"; \
	fi

validator-tools: ## Install the HTML checker's Java runtime (as root; vnu.jar comes with the dev extra)
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's default-jre-headless for the W3C Nu HTML Checker"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      default-jre-headless >/dev/null; } \
	  || echo "WARNING: could not install default-jre-headless: the HTML checks will be skipped"; \
	else \
	  echo "WARNING: java is missing (as root: apt-get install default-jre-headless): the HTML checks will be skipped"; \
	fi

check-html: $(STAMP) validator-tools ## Check every page in outputs/ with the W3C Nu HTML Checker
	$(BIN)/python tests/nuchecker.py $(wildcard outputs/html/*.html) $(wildcard outputs/index*.html)

$(AXE): $(BROWSER)/package.json $(BROWSER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  (cd $(BROWSER) && npm ci --no-audit --no-fund --loglevel=error) && touch $(AXE) \
	  || echo "WARNING: npm ci in $(BROWSER) failed: the accessibility tests will be skipped"; \
	else \
	  echo "WARNING: npm is missing (install Node.js): the accessibility tests will be skipped"; \
	fi

lint: $(STAMP) ## Lint and check formatting with ruff
	$(BIN)/ruff check helpers tests benchmarks
	$(BIN)/ruff format --check helpers tests benchmarks

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format helpers tests benchmarks

bench: $(STAMP) ## Time build and rendering, and profile one report (figures: benchmarks/README.md)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/profile_report.py

bench-compare: $(STAMP) ## Same outputs and speed per report against revision BEFORE=REV (AFTER=HEAD)
	$(BIN)/python benchmarks/compare_versions.py $(BEFORE) $(or $(AFTER),HEAD)

catalogues: $(STAMP) ## Extract the report's texts, merge them into the en and cy catalogues, check them
	$(BIN)/python -m helpers.i18n extract
	for lang in $(LANGUAGES); do \
	  $(BIN)/pybabel update -D lgdata -i $(LOCALE)/lgdata.pot -d $(LOCALE) -l $$lang \
	    --init-missing --width=88 --ignore-pot-creation-date --ignore-obsolete || exit 1; \
	done
	$(BIN)/pybabel compile -D lgdata -d $(LOCALE) --statistics
	$(BIN)/python -m helpers.i18n check

lab: $(STAMP) ## Open JupyterLab on the report template
	$(BIN)/jupyter lab notebooks/council_report.ipynb

clean: ## Remove generated data and outputs (keeps data/raw and the READMEs)
	find data/processed outputs -mindepth 1 ! -name README.md -exec rm -rf {} +
