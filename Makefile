# selfeval — every target creates the virtual environment it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
IN     ?= corpus/samples
OUT    ?= out
DB     ?= $(OUT)/selfeval.db

# V=1 shows pip's progress during the one-time install (about a minute).
PIP_QUIET := $(if $(V),,--quiet)

.PHONY: venv sysdeps test test-fast corpus bench bench-all lint fuzz clean

# An editable install gets no bytecode from pip, and where PYTHONDONTWRITEBYTECODE is
# set (as on this project's machines) Python never writes it: every command would compile the
# package from source, ~70 ms of each `selfeval` start-up (measured on `extract`).
# compileall writes it (a no-op when it is fresh).
venv: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 selfeval extract normalize scoring corpus > /dev/null

$(STAMP): pyproject.toml
	@echo "selfeval: installing into $(VENV)/ (once, about a minute; make venv V=1 to watch)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_QUIET) --upgrade pip
	$(BIN)/pip install $(PIP_QUIET) -e '.[dev]'
	touch $(STAMP)

# Debian's chromium for the HTML report's browser test, and LibreOffice Writer (no GUI)
# that reads legacy .doc/.wps files; installed only where missing and we may (root), so
# a developer's machine is never touched behind their back.
SYSDEPS := $(if $(wildcard /usr/bin/chromium),,chromium) \
           $(if $(shell command -v soffice),,libreoffice-writer-nogui)

sysdeps:
	@if [ -n "$(strip $(SYSDEPS))" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSDEPS); \
	fi

# One pytest worker per core, a test file's tests kept together (its module fixtures are
# built once); --durations names the slowest tests at the end, so the next slow one is seen.
PYTEST := $(BIN)/python -m pytest -q -n auto --dist loadfile

test: venv sysdeps
	$(PYTEST) --durations=15

# The quick loop while developing: everything but the tests marked slow (OCR, corpus builds).
test-fast: venv
	$(PYTEST) -m "not slow"

corpus: venv
	$(BIN)/selfeval corpus build $(IN) --db $(DB)
	$(BIN)/selfeval corpus report --db $(DB) -o $(OUT)/report.html

# The speed table (bench/bench_speed.py): every comparison in one interleaved run, as
# ratios beside their targets (about five minutes on 2 cores). bench-all adds the
# per-part benchmarks (every bench/bench_*.py).
bench: venv
	$(BIN)/python -m bench bench_speed

bench-all: venv
	$(BIN)/python -m bench

# mypy does not follow setuptools' editable import hook, so it reads the package through a
# tree of links laid out as installed (selfeval/extract -> extract, …).
TYPECHECK := build/typecheck

lint: venv
	$(BIN)/ruff check .
	@rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/selfeval
	@ln -s $(CURDIR)/selfeval/__init__.py $(TYPECHECK)/selfeval/__init__.py
	@for stage in extract normalize scoring corpus; do ln -s $(CURDIR)/$$stage $(TYPECHECK)/selfeval/$$stage; done
	cd $(TYPECHECK) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p selfeval

# Fuzz each target for FUZZ_SECONDS (on demand, not in CI). Findings land in
# fuzz/findings/TARGET/ and are replayed by tests/test_hostile_fuzz.py.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= text sheet docx_xml docx_file xlsx_file xls_file html_file

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
