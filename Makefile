# Afsprakenkaart — two commands: `make run` and `make test`.
# Everything below is set up on demand, so a fresh clone needs nothing else.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Two pytest workers: the browser tests in one (tests/conftest.py), the rest in both.
TEST_WORKERS ?= 2
STAMP_PY := $(VENV)/.installed
STAMP_JS := static/vendor/.installed
AXE_JS := node_modules/axe-core/axe.min.js

.PHONY: setup run test lint format bench demo chromium postgis clean

setup: $(STAMP_PY) $(STAMP_JS)

# On a fresh Debian, `venv` and `npm` are separate packages: install them when
# missing and we are root; otherwise say what is needed.
APT_INSTALL = DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

$(STAMP_PY): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && $(APT_INSTALL) python3-venv >/dev/null \
	    && $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; fi; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

# Leaflet and its plugins come from the npm registry (pinned in package-lock.json)
# and are served by Streamlit from static/vendor: the map never needs a CDN.
# npm ci also installs axe-core (a devDependency), which the end-to-end accessibility
# tests read from node_modules/ (never served, never copied).
$(STAMP_JS): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && $(APT_INSTALL) nodejs npm >/dev/null; \
	  else echo "npm is missing: sudo apt-get install npm"; exit 1; fi; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor
	cp -r node_modules/leaflet/dist static/vendor/leaflet
	cp -r node_modules/leaflet.markercluster/dist static/vendor/leaflet.markercluster
	cp -r node_modules/leaflet-draw/dist static/vendor/leaflet-draw
	mkdir -p static/vendor/leaflet.sync
	cp node_modules/leaflet.sync/L.Map.Sync.js node_modules/leaflet.sync/LICENSE static/vendor/leaflet.sync/
	@test -f $(AXE_JS) || { echo "npm ci did not install $(AXE_JS)"; exit 1; }
	@touch $@

# node_modules/ removed after set-up (the stamp is still there): install again.
$(AXE_JS): | $(STAMP_JS)
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

# Debian's Chromium for the browser tests. Installed when missing and we are root
# (as in CI); elsewhere the end-to-end tests skip with a message saying so.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && $(APT_INSTALL) chromium >/dev/null; \
	else echo "NOTE: /usr/bin/chromium missing and not root: end-to-end tests will be skipped"; fi

# PostgreSQL + PostGIS for the store tests (the suite starts its own server on a
# Unix socket and stops it). Installed when missing and we are root, as in CI;
# elsewhere the PostgreSQL half of the store tests skips with a message saying so.
# Only the PostGIS package is named: naming postgresql-15 too would upgrade libpq.
postgis:
	@if dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "installing PostgreSQL 15 + PostGIS for the store tests"; \
	  apt-get update -qq && $(APT_INSTALL) postgresql-15-postgis-3 >/dev/null; \
	else echo "NOTE: PostGIS missing and not root: PostgreSQL store tests will be skipped"; fi

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy geo layers
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: setup $(AXE_JS) chromium postgis lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: setup chromium postgis
	$(PY) -m benchmarks

demo: setup
	$(PY) -m geo demo --out data/demo

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .mypy_cache .ruff_cache
