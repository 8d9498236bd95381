# Thin wrappers (DESIGN.md §1). Everything real lives in CMake and scripts/.
BUILD   ?= build
TYPE    ?= Release
JOBS    ?= $(shell nproc)
CONFIG  ?= config/example.toml
DB      ?= var/gridbot.db
CMAKE_FLAGS ?=

.PHONY: all deps deps-test build run test bench package clean

all: build

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test
	@scripts/install-test-tools.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then $(BUILD)/gridbot import --config $(CONFIG) config/sample-ledger.csv; fi
	@exec $(BUILD)/gridbot serve --config $(CONFIG)

test: deps-test build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600 \
	  || { $(CURDIR)/scripts/test-failures.sh . ; exit 8; }

# A Debian package of the Release build: $(BUILD)/gridbot_<version>_<arch>.deb
package: build
	@cd $(BUILD) && cpack -G DEB

bench: build
	@scripts/run-bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)
