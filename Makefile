# The two commands (see README):
#   make site   – sjekker dataene og bygger hele nettstedet i site/
#   make test   – kjører alle testene
# Each installs what it needs, with pinned versions, into .venv the first time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test validate preview clean chromium

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
	$(BIN)/forlopsinfo preview

clean:
	rm -rf build site .site-* $(VENV)
