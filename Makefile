# Zapas: the two commands.
#   make run   installs what is missing, builds, and serves a demo cluster
#   make test  installs what is missing, builds, and runs every test
# And for hostile input (docs/testing.md), in a separate clang build:
#   make test-asan                  every test under AddressSanitizer + UBSan
#   make fuzz [FUZZ_SECONDS=600]    each libFuzzer target for FUZZ_SECONDS (default 60)
#   make lint                       clang-format and the web UI's type check and Prettier
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
PORT ?= 8080
# The default database of config/zapas.properties, so that `zapas user add` and
# the other commands run from this directory reach the served database.
DEMO_DB ?= var/zapas.db
ZAPAS = $(BUILD_DIR)/services/zapas
# One clang build serves both: sanitized, with the fuzz targets.
ASAN_DIR ?= build-asan
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = fuzz_request_decode fuzz_decimal fuzz_journal_document fuzz_nbu_json fuzz_nbu_xml fuzz_csv_import fuzz_gs1_scan fuzz_sync_batch

.PHONY: all deps build run test bench soak clean asan-build test-asan fuzz lint package

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

# The Debian package, in this directory: sudo apt install ./zapas_*.deb
# (docs/deploy.md). The program of the build, stripped.
package: deps $(BUILD_DIR)/CMakeCache.txt web
	cmake --build $(BUILD_DIR) -j$(JOBS) --target zapas
	cd $(BUILD_DIR) && cpack -G DEB
	mv $(BUILD_DIR)/zapas_*.deb .
	@ls -l zapas_*.deb

bench: build
	$(BUILD_DIR)/bench/deliveries_bench --postgresql
	$(BUILD_DIR)/bench/books_bench
	$(BUILD_DIR)/bench/documents_bench
	$(BUILD_DIR)/bench/import_bench

# The habits CI keeps: every C++ file as the root .clang-format writes it,
# and the web UI type-checked and as Prettier writes it (web/.prettierrc.json).
lint: deps web/node_modules/.package-lock.json
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror
	cd web && npm run --silent check

# SIGKILL during parallel writes, 50 rounds (bench/crash_soak --help).
soak: build
	$(BUILD_DIR)/bench/crash_soak

$(ASAN_DIR)/CMakeCache.txt: | deps
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DZAPAS_SANITIZE=ON -DZAPAS_FUZZ=ON

asan-build: deps $(ASAN_DIR)/CMakeCache.txt web
	cmake --build $(ASAN_DIR) -j$(JOBS)

test-asan: asan-build
	scripts/test-asan.sh $(ASAN_DIR) $(JOBS)

fuzz: deps $(ASAN_DIR)/CMakeCache.txt
	cmake --build $(ASAN_DIR) -j$(JOBS) --target $(FUZZ_TARGETS)
	scripts/fuzz.sh $(ASAN_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)

include web/web.mk
