# plivo.messaging: one-command setup, tests and demo.
#
#   make demo         try the collection against the bundled Plivo API simulator
#   make test         everything CI runs: lint, sanity, units, simulator, integration, package check, reliability
#   make sanity | units | simulator-tests | integration | lint | reliability | package-check    quick loops
#
# Everything is installed into .venv from the pinned tests/requirements-dev.txt; nothing
# outside the package index is needed (ansible-test's pip bootstrap is primed from it).

SHELL := /bin/bash
comma := ,
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VPY := $(CURDIR)/$(VENV)/bin/python
VBIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed

# ansible-test needs the collection at a real path ending in ansible_collections/plivo/messaging,
# outside this git work tree (inside it, ansible-test would see the copy as git-ignored files).
WORK_ROOT ?= $(or $(TMPDIR),/tmp)/plivo-messaging-$(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)
COLLECTIONS_ROOT := $(WORK_ROOT)/collections
COLLECTION_COPY := $(COLLECTIONS_ROOT)/ansible_collections/plivo/messaging

export PATH := $(VBIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_ROOT)
export ANSIBLE_PYTHON_INTERPRETER := $(VPY)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# ansible-core 2.19 and 2.21 import cryptography's DSA support at start-up, which cryptography 51 deprecates, so every
# ansible* command printed "CryptographyDeprecationWarning: DSA is deprecated". The collection uses no DSA: hide
# exactly that message (PYTHONWARNINGS matches the start of a warning's text) in every Python the targets start.
DSA_WARNING_FILTER := ignore:DSA is deprecated
ifeq ($(findstring $(DSA_WARNING_FILTER),$(PYTHONWARNINGS)),)
export PYTHONWARNINGS := $(if $(PYTHONWARNINGS),$(PYTHONWARNINGS)$(comma))$(DSA_WARNING_FILTER)
endif

SIMULATOR := $(VPY) tests/simulator/harness.py run
JUNIT_DIR = $(COLLECTION_COPY)/tests/output/junit

.PHONY: help
# The "#   " lines of this file are the list of targets: one place to keep them.
help:
	@sed -n 's/^#   //p' Makefile

# .venv with the pinned tools; the stamp makes it reinstall only when a requirement file changes. The ansible-test pip
# bootstrap is primed here because the host ansible-test downloads it from may not be reachable, the package index is.
$(STAMP): tests/requirements-dev.txt requirements.txt
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	@$(VPY) -m pip install --quiet --upgrade pip
	@$(VPY) -m pip install --quiet -r tests/requirements-dev.txt -r requirements.txt
	@$(VPY) tests/tools/prime_ansible_test_cache.py
	@touch $@

.PHONY: venv
venv: $(STAMP)

# A fresh copy of the tracked and untracked-but-not-ignored files (what a commit would hold, uncommitted edits
# included), at the path ansible-test wants (see WORK_ROOT); deleted files that git still tracks are left out.
.PHONY: collection-copy
collection-copy: $(STAMP)
	@rm -rf $(COLLECTION_COPY) && mkdir -p $(COLLECTION_COPY)
	@git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test ! -e "{}" || echo "{}"' \
		| tar -cf - --no-recursion -T - | tar -xf - -C $(COLLECTION_COPY)

.PHONY: sanity
# Without --python, the compile and import tests run on every supported Python found on PATH. ansible-test passes
# its own environment to them (no PYENV_VERSION), so pyenv's shims of versions not selected would fail:
# tests/tools/link_pythons.sh links a working interpreter of each version into a folder put first on PATH.
sanity: collection-copy
	@tests/tools/link_pythons.sh $(WORK_ROOT)/pythons
	cd $(COLLECTION_COPY) && PATH=$(WORK_ROOT)/pythons:$$PATH $(VBIN)/ansible-test sanity --requirements --junit --color no

.PHONY: units
# The unit tests twice: with pytest in .venv, then with `ansible-test units --requirements` (the usual way to run
# a collection's unit tests) from $(WORK_ROOT)/units-venv, the same Python and ansible-core, which takes what
# tests/unit/requirements.txt lists (tests/tools/units_venv.sh); compare_unit_runs.py fails unless both ran the
# same tests.
UNITS_VENV = $(WORK_ROOT)/units-venv
units: collection-copy
	cd $(COLLECTION_COPY) && $(VPY) -m pytest --ansible-unit-inject-only -p no:cacheprovider \
		--junitxml=$(JUNIT_DIR)/pytest-units.xml tests/unit
	@tests/tools/units_venv.sh $(VPY) $(UNITS_VENV)
	cd $(COLLECTION_COPY) && $(UNITS_VENV)/bin/ansible-test units --requirements --color no \
		--python $$($(VPY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	$(VPY) tests/tools/compare_unit_runs.py $(JUNIT_DIR)

.PHONY: simulator-tests
# The simulator's own tests (tests/simulator/test_sim_*.py): the fake of the API the other suites trust.
simulator-tests: collection-copy
	cd $(COLLECTION_COPY) && $(VPY) -m pytest -p no:cacheprovider --junitxml=$(JUNIT_DIR)/pytest-simulator.xml tests/simulator

.PHONY: integration
# Two passes, each against a fresh simulator: every target with the documented answer shapes (JUnit suite
# integration), then the targets that manage Powerpacks and pools again with the answer shapes recorded from the real
# API (--profile recorded, suite integration-recorded; see docs/dev/testing.md). Both passes run even when the first
# fails; the target fails if either did.
RECORDED_TARGETS := export_roundtrip number_pool powerpack powerpacks role_powerpacks
integration: collection-copy
	cd $(COLLECTION_COPY) && status=0 \
		&& { $(SIMULATOR) -- $(VPY) tests/tools/run_integration.py || status=1; } \
		&& { PLIVO_INTEGRATION_SUITE=integration-recorded $(SIMULATOR) --profile recorded -- \
			$(VPY) tests/tools/run_integration.py $(RECORDED_TARGETS) || status=1; } \
		&& exit $$status

.PHONY: lint
# The Markdown copies of the guides (docs/guide_*.md, for Galaxy's Documentation tab) must match their RST sources,
# and every Python file must pass ruff check and ruff format --check (pyproject.toml).
lint: collection-copy
	cd $(COLLECTION_COPY) && $(VBIN)/ansible-lint --offline
	$(VBIN)/antsibull-docs lint-collection-docs --plugin-docs $(COLLECTION_COPY)
	$(VBIN)/antsibull-changelog lint
	$(VPY) tests/tools/guides_markdown.py --check
	@# mypy (strict, pyproject.toml) on module_utils, imported by its collection name from the copy.
	cd $(COLLECTIONS_ROOT) && $(VBIN)/mypy --config-file $(COLLECTION_COPY)/pyproject.toml --no-incremental \
		-p ansible_collections.plivo.messaging.plugins.module_utils
	@# ruff last, over every Python file of the copy (pyproject.toml); both its checks report before lint fails.
	cd $(COLLECTION_COPY) && status=0 && { $(VBIN)/ruff check --no-cache . || status=1; } \
		&& { $(VBIN)/ruff format --check --no-cache . || status=1; } && exit $$status

#   make guides       rewrite docs/guide_*.md (Galaxy's Documentation tab) from the docsite guides docs/docsite/rst/guide_*.rst
.PHONY: guides
guides: $(STAMP)
	$(VPY) tests/tools/guides_markdown.py

.PHONY: demo
# examples/demo.sh runs examples/demo.yml twice, previews examples/demo-change.yml with --check --diff and
# prints a summary, against a simulator seeded with examples/demo-seed.json that stops when it is done.
demo: collection-copy
	@cd $(COLLECTION_COPY) && $(SIMULATOR) --seed examples/demo-seed.json -- bash examples/demo.sh

.PHONY: test
# Every suite CI runs, then one closing line summed over their JUnit reports (pytest, ansible-test and the scripts each
# write their own; tests/tools/summarize_junit.py adds them up), so a run ends with "N passed, N failed, N skipped".
test: lint sanity units simulator-tests integration package-check reliability
	@echo "make test: every suite passed; totals over their JUnit reports:"
	@$(VPY) tests/tools/summarize_junit.py $(JUNIT_DIR)

.PHONY: clean
# The work folder (collection copy, per-suite virtualenvs, reports) and test output; .venv stays.
clean:
	rm -rf $(WORK_ROOT) tests/output .pytest_cache

.PHONY: distclean
# clean, and .venv too.
distclean: clean
	rm -rf $(VENV)

#   make test-matrix  sanity, units and integration on the lowest and the newest ansible-core
#   make package-check  build, install and use the collection tarball (part of make test)
#
# test-matrix: sanity, units and integration on the lowest ansible-core that meta/runtime.yml's
# requires_ansible claims and on the newest release, each in its own venv and collection copy
# under $(WORK_ROOT)/matrix/<ansible-core version>/ (see tests/tools/test_matrix.sh).
# MATRIX_LEGS="2.21.5:3.13" runs only the legs named (CI runs one job per leg).
MATRIX_LEGS ?=
.PHONY: test-matrix
test-matrix:
	tests/tools/test_matrix.sh $(WORK_ROOT) $(MATRIX_LEGS)

# package-check: build the collection tarball into $(WORK_ROOT)/package, check that it holds no
# generated, test-output or development-only file, run galaxy-importer on it offline with Galaxy's and with
# Automation Hub's settings, install it into an empty folder and run ansible-doc, a module and README's quick
# start (the demo) from there (see tests/tools/check_package.py); one JUnit testcase per check.
# galaxy-importer has its own virtualenv, $(WORK_ROOT)/importer-venv, from the pinned tests/requirements-importer.txt.
IMPORTER_VENV := $(WORK_ROOT)/importer-venv
IMPORTER_STAMP := $(IMPORTER_VENV)/.installed-$(shell cksum < tests/requirements-importer.txt | cut -d' ' -f1)

$(IMPORTER_STAMP): tests/requirements-importer.txt
	@rm -rf $(IMPORTER_VENV) && $(PYTHON) -m venv $(IMPORTER_VENV)
	@$(IMPORTER_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(IMPORTER_VENV)/bin/python -m pip install --quiet -r tests/requirements-importer.txt
	@touch $@

.PHONY: package-check
package-check: collection-copy $(IMPORTER_STAMP)
	$(VPY) tests/tools/check_package.py --work-dir $(WORK_ROOT)/package --junit $(JUNIT_DIR)/package-check.xml \
		--importer-bin $(IMPORTER_VENV)/bin

#   make bench        time the powerpacks role against hand-written uri tasks and the floors (BENCH_ARGS="-P 10 -M 5")
#
# bench: tests/benchmarks/bench.py against the simulator with 50 ms per request and its 300 per 5 s limit, at sizes
# 5x3 to 40x10: the role, a hand-written ansible.builtin.uri playbook and the floors (a ping playbook's start plus
# the least time the API allows for the role's requests: sequential, rate limit, 8 connections), first runs and
# no-change runs, interleaved; prints the table and the bounds, writes $(WORK_ROOT)/bench/bench.{md,json,png}
# (docs/dev/performance.md). matplotlib, for the chart only, comes from tests/requirements-bench.txt. About 15 minutes.
BENCH_ARGS ?=
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): tests/requirements-bench.txt $(STAMP)
	@$(VPY) -m pip install --quiet -r tests/requirements-bench.txt
	@touch $@

.PHONY: bench
bench: collection-copy $(BENCH_STAMP)
	cd $(COLLECTION_COPY) && $(VPY) tests/benchmarks/bench.py --work-dir $(WORK_ROOT)/bench $(BENCH_ARGS)

#   make reliability  the representative part of tests/reliability (part of make test)
#   make test-reliability  the whole reliability suite: every fault x target, 60 Powerpacks under the rate limit ...
#
# reliability: faults, concurrency, rate limit, bad input, secrets and paths against simulators, driving real
# ansible-playbook runs (tests/reliability, docs/dev/reliability.md); tests marked "full" only run in test-reliability.
# Both write tests/output/reliability/summary.{json,md} in the collection copy.
RELIABILITY_PYTEST = cd $(COLLECTION_COPY) && RELIABILITY_OUTPUT=$(COLLECTION_COPY)/tests/output/reliability \
	$(VPY) -m pytest -p no:cacheprovider -n 2 -rxXs tests/reliability

.PHONY: reliability
reliability: collection-copy
	$(RELIABILITY_PYTEST) -m "not full" --junitxml=$(JUNIT_DIR)/pytest-reliability.xml
	@cat $(COLLECTION_COPY)/tests/output/reliability/summary.md

.PHONY: test-reliability
test-reliability: collection-copy
	$(RELIABILITY_PYTEST) --junitxml=$(JUNIT_DIR)/pytest-reliability.xml
	@cat $(COLLECTION_COPY)/tests/output/reliability/summary.md

#   make docs         build the HTML docsite with antsibull-docs and Sphinx into $(WORK_ROOT)/docsite/build/html
#   make ee-context   ansible-builder create on docs/execution-environment/ and check the context
#   make test-live    the integration targets against the real Plivo API (PLIVO_LIVE_TESTS=1 and credentials)
#
# docs and ee-context use their own virtualenv, $(WORK_ROOT)/docs-venv, from the pinned tests/requirements-docs.txt
# (not needed by make test). docs: antsibull-docs sphinx-init, then its build.sh, which renders every module and the
# role plus the guides of docs/docsite/ (extra-docs.yml) and fails on any Sphinx warning. DOCS_ONLINE=1 keeps the
# links to docs.ansible.com (intersphinx), which needs that site reachable.
DOCS_ONLINE ?=
DOCS_VENV := $(WORK_ROOT)/docs-venv
DOCS_STAMP := $(DOCS_VENV)/.installed-$(shell cksum < tests/requirements-docs.txt | cut -d' ' -f1)
DOCSITE := $(WORK_ROOT)/docsite

$(DOCS_STAMP): tests/requirements-docs.txt
	@rm -rf $(DOCS_VENV) && $(PYTHON) -m venv $(DOCS_VENV)
	@$(DOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(DOCS_VENV)/bin/python -m pip install --quiet -r tests/requirements-docs.txt
	@touch $@

.PHONY: docs
docs: collection-copy $(DOCS_STAMP)
	rm -rf $(DOCSITE) && mkdir -p $(DOCSITE)
	PATH=$(DOCS_VENV)/bin:$$PATH antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir $(DOCSITE) \
		--title 'plivo.messaging' --project 'plivo.messaging' plivo.messaging
	@# Offline (the default; only the package index is reachable here): no intersphinx inventories, and the two
	@# labels of docs.ansible.com that the generated module pages link to are rendered as plain text.
	@if [ -z "$(DOCS_ONLINE)" ]; then printf '%s\n' '' '# make docs: offline build' 'intersphinx_mapping = {}' \
		"nitpick_ignore = [('std:ref', 'ansible_configuration_settings'), ('std:ref', 'common_return_values')]" \
		>> $(DOCSITE)/conf.py; fi
	PATH=$(DOCS_VENV)/bin:$$PATH $(DOCSITE)/build.sh
	@echo "make docs: $$(find $(DOCSITE)/build/html -name '*.html' | wc -l) HTML pages in $(DOCSITE)/build/html (open index.html)"

# ee-context: the build context (Containerfile and _build/) of docs/execution-environment/execution-environment.yml in
# $(WORK_ROOT)/ee-context, checked by tests/tools/check_ee_context.py. Building the image needs Podman or Docker.
.PHONY: ee-context
ee-context: collection-copy $(DOCS_STAMP)
	rm -rf $(WORK_ROOT)/ee-context
	$(DOCS_VENV)/bin/ansible-builder create -f docs/execution-environment/execution-environment.yml \
		-c $(WORK_ROOT)/ee-context --output-filename Containerfile
	$(DOCS_VENV)/bin/python tests/tools/check_ee_context.py --context $(WORK_ROOT)/ee-context \
		--collection $(COLLECTION_COPY) --builder $(DOCS_VENV)/bin/ansible-builder

# test-live: without PLIVO_LIVE_TESTS=1, PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN it prints why it is skipped and succeeds.
# With them: tests/tools/test_live.sh (docs/dev/testing.md, "Against the real Plivo API").
.PHONY: test-live
test-live:
	@if tests/tools/test_live.sh enabled; then $(MAKE) --no-print-directory live-integration; fi

.PHONY: live-integration
# test-live's second half, a target of its own so that it can depend on collection-copy only when the run is enabled.
live-integration: collection-copy
	cd $(COLLECTION_COPY) && PYTHON=$(VPY) tests/tools/test_live.sh run
