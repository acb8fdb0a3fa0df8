# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Both install what they need (a pinned uv, then the locked dependencies).

UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3
export UV_NO_PROGRESS := 1

.PHONY: run test lint format bench eval poses figures sync system-deps clean

POSE := $(VENV)/share/psoas/pose/VERSION
COMPILED := $(VENV)/.compiled
SOURCES := $(shell find src -name '*.py')

run: $(COMPILED) $(POSE)
	$(VENV)/bin/psoas serve $(SERVE_ARGS)

# Two test processes (pytest-xdist): the suite takes about 7 minutes on 2 cores, not 12.
test: lint system-deps $(COMPILED) $(POSE)
	$(VENV)/bin/python -m pytest -n 2

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.synced
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

eval: $(VENV)/.synced
	$(VENV)/bin/python bench/eval_pose.py $(EVAL_ARGS)

# After editing a figure's pose, contacts or free joints: store its solved pose.
poses: $(VENV)/.synced
	$(VENV)/bin/python scripts/solve-poses

# Every figure on one page (build/figures.html) and the README's examples.
figures: $(VENV)/.synced
	$(VENV)/bin/python scripts/figures

bench: $(COMPILED)
	$(VENV)/bin/python bench/run.py $(BENCH_ARGS)

sync: $(VENV)/.synced

system-deps:
	@scripts/system-deps

$(UV): scripts/bootstrap
	@scripts/bootstrap

# Bytecode is compiled at install, so no command compiles libraries on its first runs
# (and an environment that may not write it later still starts fast).
$(VENV)/.synced: pyproject.toml uv.lock Makefile $(UV)
	$(UV) sync --frozen --quiet --extra vision --compile-bytecode
	@touch $@

# psoas's own bytecode, and the read queries compiled for SQLite (the read commands then
# start without importing SQLAlchemy: src/psoas/store/fast_reads.py). Redone when a source
# changes; a command that finds them stale compiles what it needs itself.
$(COMPILED): $(VENV)/.synced $(SOURCES)
	@$(VENV)/bin/python -m compileall -q src
	@$(VENV)/bin/python -m psoas.store.compiled
	@touch $@

# The pose model for the browser (MediaPipe Tasks for Web from the npm registry, the
# models packed from the mediapipe wheel), served by psoas itself: see
# src/psoas/vision/browser_assets.py. Without it (no registry reachable) psoas still
# runs and measures on the server; the test suite says what is missing.
$(POSE): $(VENV)/.synced src/psoas/vision/browser_assets.py
	-@$(VENV)/bin/python -m psoas.vision.browser_assets >/dev/null

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache .mypy_cache
