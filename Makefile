# selfeval — every target creates the virtual environment it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
IN     ?= corpus/samples
OUT    ?= out
DB     ?= $(OUT)/selfeval.db

.PHONY: venv test corpus bench lint fuzz clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: venv
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
