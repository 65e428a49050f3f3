# The two commands of the README: `make serve` and `make test`. Both set up a
# virtualenv from the lock file first, so they work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: serve test browser lock plotly-bundle

$(INSTALLED): requirements.lock pyproject.toml
	@echo "Setting up $(VENV) from requirements.lock (about a minute, once)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

serve: $(INSTALLED)
	$(BIN)/poverty-dashboard serve

# Two processes, one per core of the standard machine, each given whole test files (their
# module fixtures are built once); the session's builds are shared between them.
test: $(INSTALLED) browser
	$(BIN)/pytest --numprocesses 2 --dist loadfile

# Browser tests drive Debian's Chromium, the cache and load tests a real redis-server;
# install them when they are missing and we may.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v redis-server >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver redis-server; \
	  else echo "Install what the tests need: sudo apt-get install chromium chromium-driver redis-server"; exit 1; fi; }

# Re-pin every dependency after editing pyproject.toml.
lock: $(INSTALLED)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras -o requirements.lock pyproject.toml

# Rebuild the plotly.js bundle with only the traces the app draws (needs node and npm);
# keep plotly.js in vendor/plotly/package.json at the version plotly.py ships.
plotly-bundle:
	cd dashboard/vendor/plotly && npm ci --ignore-scripts && node build.js && rm -rf node_modules
