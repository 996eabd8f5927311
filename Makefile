# The README's commands: `make` builds (release), `make test` installs, builds and runs every test.
PRESET ?= release
BUILD_DIR := build/$(PRESET)

.PHONY: all deps build test static-test asan-test format format-check docs clean

all: build

deps:
	@scripts/deps.sh test

build:
	@scripts/deps.sh build
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake --preset $(PRESET) >/dev/null
	@cmake --build $(BUILD_DIR)

test: deps build
	@ctest --preset $(PRESET) -j2
ifeq ($(PRESET),release)
	@$(MAKE) --no-print-directory static-test
endif

# The single-file build (the `static` preset): its binary against the CLI tests, so the two
# builds cannot drift (unit tests test libtbx, the same sources: they run once, above).
static-test:
	@[ -f build/static/build.ninja ] || cmake --preset static >/dev/null
	@cmake --build --preset static
	@ctest --preset static -j2

asan-test:
	@$(MAKE) --no-print-directory test PRESET=asan

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

docs: build
	@$(BUILD_DIR)/apps/tbx __generate man man
	@$(BUILD_DIR)/apps/tbx __generate bash > completions/tbx.bash
	@$(BUILD_DIR)/apps/tbx __generate zsh > completions/_tbx
	@$(BUILD_DIR)/apps/tbx __generate fish > completions/tbx.fish

clean:
	@rm -rf build
