# glossa in JavaScript (issue #17): the library compiled to WebAssembly, the
# npm package in js/, the demo page web/index.html.
#   make wasm        build/wasm/glossa.wasm (the library and the model), copied to js/glossa.wasm
#   make js-check    the package's tests (node --test) and the page's, in headless Chromium
#   make js-pack     build/js/glossa-VERSION.tgz (npm pack in js/)
#   make bench-js    the wasm build in Node against npm peers -> bench/RESULTS-js.md (make bench runs it)
# The wasm build is clang --target=wasm32-wasi with Debian's wasi-libc, lld and
# wasm32 compiler-rt, from the Makefile's LIB_SRC (the embedded model
# included); js/glossa_wasm.c holds the exported calls.
WASM_CC = clang --target=wasm32-wasi
# SIMD128 carries the featurizer's and the output layer's vector code.
WASM_CFLAGS = $(STD) $(WARN) -O3 -msimd128 $(FP) -Iinclude -Isrc -DGLOSSA_MODEL_PATH='"$(CURDIR)/$(MODEL)"'
# A reactor: no main; the exports are named in js/glossa_wasm.c.
WASM_LDFLAGS = -mexec-model=reactor -Wl,--strip-all -Wl,-z,stack-size=1048576
WASM_OBJ = $(LIB_SRC:src/%.c=$(B)/wasm/%.o)
WASM = $(B)/wasm/glossa.wasm
DEBIAN_PACKAGES += clang lld wasi-libc libclang-rt-dev-wasm32 chromium

.PHONY: wasm js-check js-pack bench-js
$(B)/wasm/%.o: src/%.c src/*.h include/glossa.h
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) -DGLOSSA_BUILDING -c $< -o $@
$(B)/wasm/model_blob.o: $(MODEL)
$(B)/wasm/glossa_wasm.o: js/glossa_wasm.c include/glossa.h
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) -c $< -o $@
$(WASM): $(WASM_OBJ) $(B)/wasm/glossa_wasm.o
	$(WASM_CC) $(WASM_LDFLAGS) $^ -o $@
js/glossa.wasm: $(WASM)
	cp $< $@
wasm: js/glossa.wasm
js-pack: js/glossa.wasm
	@mkdir -p $(B)/js
	cd js && npm pack --pack-destination ../$(B)/js

# ---- tests: the package in Node, the page in Chromium ----
# TypeScript (pinned, from npm into build/js-tools; make deps installs it)
# checks index.d.ts as a user's code sees it.
JS_TOOLS = $(B)/js-tools
TSC = $(JS_TOOLS)/node_modules/typescript/bin/tsc
.PHONY: js-deps
js-deps:
	@test -f $(TSC) || npm install --prefix $(JS_TOOLS) --no-audit --no-fund --loglevel=error typescript@5.9.3
deps: js-deps
JS_ENV = GLOSSA_CLI=$(B)/glossa GLOSSA_CORPUS=$(CORPUS) GLOSSA_TSC=$(TSC)
JS_SUITE = $(JS_ENV) sh tests/js_test.sh js tests/js_test.mjs tests/js_pack_test.mjs
# Screenshot: build/browser-demo.png.
BROWSER_SUITE = $(JS_ENV) sh tests/js_test.sh browser tests/browser_demo.mjs
CHECK_DEPS += js/glossa.wasm $(B)/glossa
CHECK_SUITES += "$(JS_SUITE)" "$(BROWSER_SUITE)"
js-check: js-deps js/glossa.wasm $(B)/glossa
	@sh tests/summarize.sh "$(JS_SUITE)" "$(BROWSER_SUITE)"

# ---- bench-js: the wasm build in node against npm peers (make bench runs it too) ----
# The lines are bench/run.py's (BENCH_LINES, BENCH_RUNS, its seed); the
# peers are npm projects in build/js-peers.
bench-js: js/glossa.wasm $(BENCH_DRIVER)
	python3 js/bench/run.py --corpus $(CORPUS) --lines $(BENCH_LINES) --runs $(BENCH_RUNS) \
	  --glossa-driver $(BENCH_DRIVER) --peers-dir $(B)/js-peers --out bench/RESULTS-js.md
bench: bench-js
