# Two commands set everything up on a fresh machine:
#   make demo   creates .venv, installs, solves the 2021 notice into out/
#   make test   creates .venv, installs with test extras, runs ruff, mypy and the test suite
# (Python 3.11 or newer: PYTHON=python3.12 to choose; a .venv made by another Python is made again)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Editable installs are a static path (.pth), not setuptools' import hook, which mypy (and other
# static tools) cannot follow: pyproject.toml's package-dir makes that setuptools' default, so no
# "compat" mode (transitional, to be removed) is asked for.

# `make` alone installs (.venv, as before the stale-venv rule came first), whatever rule is written first.
.DEFAULT_GOAL := $(VENV)/.installed

.PHONY: demo test lint clean bench bench-stable bench-shapes bench-reading bench-explain bench-invites bench-mail bench-web bench-replies bench-replan bench-replan-hours

# A .venv made by another Python (a first try with another python3, a Python upgraded or removed
# since) is made again from scratch: `venv` over it would keep its old interpreter (pyvenv.cfg
# rewritten, bin/python still the old one: pip then fails on requires-python, or without ssl). Stale:
# its python does not run, or is not the very build of $(PYTHON) (version, build, prefix).
PROBE := import sys; import ssl; print(sys.version + sys.base_prefix)
ifneq ($(wildcard $(VENV)/pyvenv.cfg),)
ifneq ($(shell $(PY) -c '$(PROBE)' 2>&1),$(shell $(PYTHON) -c '$(PROBE)' 2>&1))
STALE_VENV := stale-venv
endif
endif

.PHONY: stale-venv
stale-venv:
	@echo "$(VENV) was made by another Python than $(PYTHON) (or no longer runs): making it again"

$(VENV)/.installed: pyproject.toml $(STALE_VENV)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1): run make PYTHON=python3.11 (or newer)"; exit 1; }
	$(PYTHON) -m venv $(if $(STALE_VENV),--clear) $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	# An editable install leaves our modules uncompiled; compile them as a regular install
	# would, so start-up does not recompile them where PYTHONDONTWRITEBYTECODE is set.
	$(PY) -m compileall -q scheduler
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

# The benchmark suite (benchmarks/bench.py): ours against greedy, HiGHS and
# conference-scheduler, one table with ratios, a CSV in benchmarks/results/.
bench: $(VENV)/.installed-bench
	$(PY) -m compileall -q scheduler
	$(PY) -m benchmarks.bench $(BENCH_ARGS)

# The stable objective over seeds 0-4 of three sizes: how often the hard path (the greedy
# moves more than the forced units) comes up and how fast it is proven (docs/benchmarks.md).
bench-stable: $(VENV)/.installed-bench
	$(PY) -m compileall -q scheduler
	$(PY) -m benchmarks.stable_paths
	$(PY) -m benchmarks.bench --objectives stable --only 300u-2r 1000u-4r 1000u-2r --seeds 0 1 2 3 4 \
		--methods ours greedy highs --no-cli --csv benchmarks/results/bench-stable.csv $(BENCH_ARGS)

# Issue 16: every adversarial shape end to end (CLI on files, library, greedy, HiGHS), one
# table (benchmarks/sweep.py; shapes in benchmarks/shapes.py, perturbed.py, series_tables.py); and
# reading files from the notice to 5,000 units (benchmarks/reading.py). Never part of `make test`.
bench-shapes: $(VENV)/.installed-bench
	$(PY) -m compileall -q scheduler
	$(PY) -m benchmarks.sweep $(BENCH_ARGS)

bench-reading: $(VENV)/.installed-bench
	$(PY) -m compileall -q scheduler
	$(PY) -m benchmarks.reading $(BENCH_ARGS)

# Timefold's meeting-scheduling quickstart as a peer (issue 15): its own environment, never the
# tests'. Needs a JDK 17 or newer: Debian's openjdk-17-jdk-headless is installed when none is found.
.PHONY: bench-timefold timefold-fixture
TF_VENV := .venv-timefold
$(TF_VENV)/.installed:
	@java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || \
		{ apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless || \
		  { echo "Timefold needs a JDK 17+: apt-get install openjdk-17-jdk-headless (as root)"; exit 1; }; }
	$(PYTHON) -m venv $(TF_VENV)
	$(TF_VENV)/bin/pip install --quiet timefold==1.24.0b0
	touch $@

# Ours against Timefold on its demo data and the same recipe at 50-400 meetings, 10 s and 60 s.
bench-timefold: $(VENV)/.installed-bench $(TF_VENV)/.installed
	$(PY) -m benchmarks.bench_timefold --peer-python $(TF_VENV)/bin/python $(BENCH_ARGS)

# Re-record Timefold's own scores that tests/test_timefold_score.py holds our scorer to.
timefold-fixture: $(TF_VENV)/.installed
	PYTHONPATH=. $(TF_VENV)/bin/python -m benchmarks.timefold_fixture

demo: $(VENV)/.installed
	$(PY) cli.py solve examples/notice_2021.csv --out out

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy  # --strict on scheduler/ and cli.py: the settings are in pyproject.toml [tool.mypy]

# The suite in two processes (pytest-xdist, a test file to a process: its module fixtures are made
# once), then the tests marked serial alone, so that a solver asked for a quality within a time limit
# has the whole machine (docs/performance.md, "The test suite"). Both run when the first fails, and
# make fails when either did. `pytest` alone runs every test in one process.
test: lint
	status=0; \
	$(VENV)/bin/pytest -p xdist -n 2 --dist loadfile -m "not serial" || status=$$?; \
	$(VENV)/bin/pytest -m serial || status=$$?; \
	exit $$status

# Explanations, replanning and alternatives on the 2021 notice (issue 5): seconds, not minutes.
bench-explain: $(VENV)/.installed
	$(PY) benchmarks/explain_notice.py

bench-invites: $(VENV)/.installed
	$(PY) benchmarks/invites.py

# Composing and delivering invites to a local SMTP server (issue 4); needs the test extra (aiosmtpd).
bench-mail: $(VENV)/.installed-test
	$(PY) benchmarks/mail.py

# Reading 1,000 answer mails and 1,000 others from a Maildir and from Dovecot over TLS (issue 18).
bench-replies: $(VENV)/.installed-test
	$(PY) benchmarks/replies.py $(BENCH_ARGS)

# Replanning the hearing whose afternoon becomes busy (tests/data/hearing_away) at 5, 10 and 30 s.
bench-replan: $(VENV)/.installed
	$(PY) -m benchmarks.replan_hearing $(BENCH_ARGS)

# Replanning QA qacamp24's 60-meeting campaign after its hours change (tests/data/campaign_hours), default 30 s.
bench-replan-hours: $(VENV)/.installed
	$(PY) -m benchmarks.replan_hours $(BENCH_ARGS)

# The web app in Debian's chromium (issue 17): the page for 1,000 units, a drag on the notice; needs the test extra.
bench-web: $(VENV)/.installed-test
	$(PY) benchmarks/web.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TF_VENV) out .pytest_cache .ruff_cache .mypy_cache
