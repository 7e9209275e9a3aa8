# Đối sánh — everyday commands. `make run` starts the app; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test data lint bench clean

$(BIN)/python: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(BIN)/python

run: $(BIN)/python
	$(BIN)/streamlit run serve.py --server.port $(PORT)

test: $(BIN)/python
	@scripts/ensure_chromium.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

data: $(BIN)/python   # PUBLISHED="/path/pci_2025.csv …": more published tables, read where they are (never copied)
	$(BIN)/python -m doisanh.build $(addprefix --add ,$(PUBLISHED))

lint: $(BIN)/python
	$(BIN)/ruff check .

bench: $(BIN)/python   # benchmarks/bench.py on the shipped commune-scale snapshot; writes benchmarks/results/latest.json
	$(BIN)/python -m benchmarks.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
