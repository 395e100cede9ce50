# TrainingPlanner — the two set-up commands are `make demo` and `make test`; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT ?= swift
# System packages: C libraries the package links, and the independent oracles the tests run.
APT_PACKAGES := pkg-config libxml2-dev libsqlite3-dev libcairo2-dev libpango1.0-dev libqrencode-dev libarchive-dev \
	fonts-dejavu-core libxml2-utils poppler-utils zbar-tools sqlite3 python3-venv time curl \
	chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STRICT := --explicit-target-dependency-import-check error -Xswiftc -warnings-as-errors
# `make demo DEMO_DIR=somewhere` chooses the folder; by default planner-demo-N in the current folder.
DEMO_DIR ?=

.PHONY: help deps system-packages build release bench-release test lint format demo bench fuzz clean

help:
	@echo "make demo   install what is missing, build (release), run the demo"
	@echo "make test   install what is missing, lint, build (warnings are errors), run every test"
	@echo "make bench  run the benchmarks (figures go to docs/benchmarks.md)"
	@echo "make fuzz   fuzz each file reader with libFuzzer + ASan, FUZZ_SECONDS each (default 600)"
	@echo "make lint | format | build | release | deps | clean"

VENV := .venv
ORACLES := Tests/oracles/requirements.txt

deps: $(VENV)/.installed
	@$(MAKE) --no-print-directory system-packages

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Python oracles live in a virtual environment of their own, never in the system Python.
$(VENV)/.installed: $(ORACLES)
	@$(MAKE) --no-print-directory system-packages
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r $(ORACLES)
	touch $@

build: deps
	$(SWIFT) build $(STRICT)

release: deps
	$(SWIFT) build -c release --product planner

bench-release: deps
	$(SWIFT) build -c release

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests $(wildcard Plugins)

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests $(wildcard Plugins)

test: deps lint
	$(SWIFT) build --build-tests $(STRICT)
	$(SWIFT) package validate-curricula
	$(SWIFT) test $(STRICT)

# libFuzzer + AddressSanitizer, in a build folder of its own so that it never invalidates the normal build.
FUZZ_SECONDS ?= 600
fuzz: deps
	$(SWIFT) build --build-path .build/fuzz --product planner-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc FUZZING
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash bench/fuzz.sh .build/fuzz/debug/planner-fuzz $(FUZZ_TARGETS)

demo: release
	.build/release/planner demo $(if $(DEMO_DIR),--output $(DEMO_DIR),)

bench: bench-release
	@echo "== Curriculum import vs xmllint --stream (XCRI-CAP feeds) =="
	bash bench/curriculum-import.sh .build/release/planner
	@echo "== Attendance: 1,000,000 marks vs sqlite3 .import; report over 100,000 participants =="
	bash bench/attendance-marks.sh .build/release/planner
	@echo "== Certificates: 10,000 issued, signed and rendered vs reportlab =="
	bash bench/certificates.sh .build/release/planner
	@echo "== Scheduling: generated problems S, M, L =="
	bash bench/scheduling.sh .build/release/planner
	@echo "== Scheduling: ours vs OR-tools CP-SAT on M and L, 30 s each, same checker =="
	bash bench/scheduling-cpsat.sh .build/release/planner-bench
	@echo "== Web: verify page and roll-call save under wrk vs gunicorn (2 workers) =="
	bash bench/web.sh .build/release/planner
	@echo "== CB-CTT (ITC-2007) with planner-bench, 60 s each, seeds 1-3, two single-thread runs side by side =="
	CBCTT_JOBS=2 bash bench/cbctt.sh .build/release/planner-bench

clean:
	rm -rf .build
