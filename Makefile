# The two commands of the README: `make serve` and `make test`. Both set up a
# virtualenv from the lock file first, so they work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: serve test browser lock

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

serve: $(INSTALLED)
	$(BIN)/poverty-dashboard serve

test: $(INSTALLED) browser
	$(BIN)/pytest

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "Install Chromium for the browser tests: sudo apt-get install chromium chromium-driver"; exit 1; fi; }

# Re-pin every dependency after editing pyproject.toml.
lock: $(INSTALLED)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras -o requirements.lock pyproject.toml
