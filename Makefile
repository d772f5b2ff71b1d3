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

# Fuzz each target for FUZZ_SECONDS (on demand, not in CI). Findings land in
# fuzz/findings/TARGET/ and are replayed by tests/test_hostile_fuzz.py.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= text sheet docx_xml docx_file

fuzz: venv
	$(BIN)/pip install --quiet -e '.[fuzz]'
	@mkdir -p $(OUT)
	@status=0; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(BIN)/python -m fuzz.run $$t --seconds $(FUZZ_SECONDS) > $(OUT)/fuzz-$$t.log 2>&1 \
	    || { status=1; echo "fuzz: $$t found a problem: see $(OUT)/fuzz-$$t.log and fuzz/findings/$$t/"; }; \
	done; exit $$status

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
