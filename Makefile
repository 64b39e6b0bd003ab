# innokg — `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DATA   ?= innokg-data

.PHONY: venv sysdeps demo test check fuzz bench eval train grass notebooks clean
SHARED ?= ../shared/corpus

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

## Debian packages the browser tests and figures need: Chromium and a CJK font (installed when missing).
sysdeps:
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing chromium fonts-noto-cjk"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -q chromium fonts-noto-cjk >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium fonts-noto-cjk >/dev/null; }; \
	fi

## Build the graph from the bundled Wuhan plan and ask who leads a task.
demo: $(STAMP)
	$(BIN)/innokg --data $(DATA) build
	$(BIN)/innokg --data $(DATA) who 建设重大科技基础设施群
	$(BIN)/innokg --data $(DATA) tasks 市招才局
	$(BIN)/innokg --data $(DATA) links 光电子信息
	$(BIN)/innokg --data $(DATA) viz 市科技局 -o $(DATA)/network.html
	@echo "网络图：$(DATA)/network.html（离线可打开）；服务：$(BIN)/innokg serve"

## The whole test suite.
test: $(STAMP) sysdeps
	$(BIN)/python -m pytest

## Type checking (mypy, pydantic plugin) and the fast part of the suite (no browser, Bolt server,
## notebooks or whole-corpus builds): about a minute.
check: $(STAMP) sysdeps
	$(BIN)/mypy -p innokg
	$(BIN)/python -m pytest -m "not slow" -q

## Fuzz the structure parser and the attribution grammar far longer than `make test` does.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -q

## Open the notebooks in JupyterLab, in the project's environment (installs the optional extra).
notebooks: $(STAMP) sysdeps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,notebooks]'
	$(BIN)/jupyter lab notebooks/

## Regenerate the Neo4j Browser style from the one label/colour table (graph/model/vocab.py).
grass: $(STAMP)
	$(BIN)/python -m innokg.graph.model.vocab > neo4j/innokg.grass

## Extraction quality on documents innokg was not written for (needs ../shared): the development
## sets dev and dev2, platform-industry links (shared gold and ours), entity precision, the wild
## documents we annotated, attribution coverage over all wild ones, and citations on our hand gold.
## documents we annotated, attribution coverage over all wild ones, and the grouping of targets into
## timelines against hand-labelled pairs.
eval: $(STAMP)
	@if [ -d ../shared/tools ]; then \
		$(PYTHON) ../shared/tools/eval_set.py $(BIN)/innokg | tail -2; \
		$(PYTHON) ../shared/tools/eval_set.py $(BIN)/innokg --set ../shared/gold/dev2 | tail -2; \
		$(PYTHON) ../shared/tools/score_links.py $(BIN)/innokg | grep "MICRO TOTAL"; \
		$(PYTHON) ../shared/tools/score_links.py $(BIN)/innokg --set data/gold/links --corpus ../shared/corpus/dev2 | grep "MICRO TOTAL"; \
		$(PYTHON) ../shared/tools/entity_precision.py $(BIN)/innokg | tail -2; \
	else echo "没有 ../shared：跳过开发集"; fi
	$(BIN)/python bench/eval_wild.py | tail -1
	$(BIN)/python bench/wild_coverage.py | tail -1
	$(BIN)/python bench/eval_citations.py | tail -1
	$(BIN)/python bench/timeline_grouping.py | grep 配置

## Benchmarks: figures and ratios, printed.
bench: $(STAMP)
	$(BIN)/python bench/snapshot_formats.py
	$(BIN)/python bench/build_speed.py --repeat 3
	$(BIN)/python bench/build_stages.py
	$(BIN)/python bench/repetition.py
	$(BIN)/python bench/neo4j_load.py
	$(BIN)/python bench/api_latency.py
	$(BIN)/python bench/scale.py

## Retrain the statistical entity layer (data/ner/model) on the documents listed in data/ner/training.txt.
train: $(STAMP)
	$(BIN)/python -m innokg.nlp.train_ner --epochs 15 $$(grep -v '^#' data/ner/training.txt | while read d; do \
		ls data/corpus/$$d.* $(SHARED)/$$d.* $(SHARED)/html/$$d.* $(SHARED)/dev/$$d.* 2>/dev/null | head -n 1; done)

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache test-artifacts
