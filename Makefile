# Zapas: the two commands.
#   make run   installs what is missing, builds, and serves a demo cluster
#   make test  installs what is missing, builds, and runs every test
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
PORT ?= 8080
# The default database of config/zapas.properties, so that `zapas user add` and
# the other commands run from this directory reach the served database.
DEMO_DB ?= var/zapas.db
ZAPAS = $(BUILD_DIR)/services/zapas

.PHONY: all deps build run test bench soak clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/CMakeCache.txt web
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@mkdir -p var
	@$(ZAPAS) init --db $(DEMO_DB)
	@$(ZAPAS) rates import tests/data/nbu/rates-2024-2026.json --db $(DEMO_DB)  # sample NBU rates
	@$(ZAPAS) demo --db $(DEMO_DB)
	@echo
	@echo "Open http://127.0.0.1:$(PORT)/ — the API is under http://127.0.0.1:$(PORT)/api/v1/ (Ctrl-C stops)"
	@$(ZAPAS) serve --db $(DEMO_DB) --port $(PORT)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

bench: build
	$(BUILD_DIR)/bench/deliveries_bench
	$(BUILD_DIR)/bench/books_bench
	$(BUILD_DIR)/bench/documents_bench
	$(BUILD_DIR)/bench/import_bench

# SIGKILL during parallel writes, 50 rounds (bench/crash_soak --help).
soak: build
	$(BUILD_DIR)/bench/crash_soak

clean:
	rm -rf $(BUILD_DIR)

include web/web.mk
