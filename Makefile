# Everyday commands; CMake does the building (see CMakePresets.json).
PRESET ?= default
DB ?= sqlite:fitkit.db
PORT ?= 8080
BUILD_DIR = $(if $(filter default,$(PRESET)),build,build-$(PRESET))

.PHONY: all deps build test serve asan bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

test: build
	@scripts/install-test-deps.sh
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

serve: build
	@$(BUILD_DIR)/bin/fitctl serve --db $(DB) --port $(PORT)

asan:
	@$(MAKE) --no-print-directory test PRESET=asan

bench: build
	@bench/run.sh

clean:
	rm -rf build build-debug build-asan
