# The two commands of the README: `make run` serves the reference backend, `make test` tests everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Two workers: the machines this course targets have two cores or more.
PYTEST_ARGS ?= -n 2

.PHONY: run test seed lint bench serve-load notebooks notebooks-lint course course-serve clean

run: $(STAMP)
	$(BIN)/python -m reference_app seed --if-empty
	$(BIN)/python -m reference_app serve

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

seed: $(STAMP)
	$(BIN)/python -m reference_app seed

bench: $(STAMP)
	$(BIN)/python -m labs.bench_checks
	$(BIN)/python -m labs.bench_mutation
	$(BIN)/python -m loadtests.bench_api
	$(BIN)/python -m loadtests.bench_read_path
	$(BIN)/python -m loadtests.bench_login
	$(BIN)/python -m graders.bench_grading

serve-load: $(STAMP)  # the reference with 200 articles on a free port, for Locust
	$(BIN)/python -m loadtests.serve --workers 2 --articles 200

notebooks: $(STAMP)  # JupyterLab on the concept notebooks, as a learner sees it
	$(BIN)/python -m graders.notebooks open

notebooks-lint: $(STAMP)
	$(BIN)/python -m graders.notebooks lint

course: $(STAMP)  # the course text as a site, in build/course-site; any warning fails the build
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

course-serve: $(STAMP)  # the same site on http://127.0.0.1:8002, rebuilt as chapters change
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8002

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)

clean:
	rm -rf $(VENV) .data .newman .pytest_cache
