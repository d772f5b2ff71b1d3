# selfeval — every target creates the virtual environment it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
IN     ?= corpus/samples
OUT    ?= out
DB     ?= $(OUT)/selfeval.db

.PHONY: venv sysdeps test corpus bench lint fuzz clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian's chromium for the HTML report's browser test; installed only where it is
# missing and we may (root), so a developer's machine is never touched behind their back.
sysdeps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

test: venv sysdeps
	$(BIN)/python -m pytest -q

corpus: venv
	$(BIN)/selfeval corpus build $(IN) --db $(DB)
	$(BIN)/selfeval corpus report --db $(DB) -o $(OUT)/report.html

bench: venv
	$(BIN)/python -m bench

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy extract normalize scoring corpus

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
