# glossa in JavaScript (issue #17): the library compiled to WebAssembly, the
# npm package in js/, the demo page web/index.html.
#   make wasm        build/wasm/glossa.wasm (the library and the model), copied to js/glossa.wasm
#   make js-check    the package's tests (node --test) and the page's, in headless Chromium
#   make js-pack     build/js/glossa-VERSION.tgz, by npm pack
#   make bench-js    the wasm build in Node against npm peers -> bench/RESULTS-js.md
# The wasm build is clang --target=wasm32-wasi with Debian's wasi-libc, lld and
# wasm32 compiler-rt, from the Makefile's CORE_SRC; js/glossa_wasm.c embeds
# the model (src/model_blob.c's .incbin is ELF/Mach-O assembly) and holds the
# exported calls.
WASM_CC = clang --target=wasm32-wasi
# SIMD128 carries the featurizer's and the output layer's vector code.
WASM_CFLAGS = $(STD) $(WARN) -O3 -msimd128 $(FP) -Iinclude -Isrc -DGLOSSA_MODEL_PATH='"$(CURDIR)/$(MODEL)"'
# A reactor: no main; the exports are named in js/glossa_wasm.c.
WASM_LDFLAGS = -mexec-model=reactor -Wl,--strip-all -Wl,-z,stack-size=1048576
WASM_OBJ = $(CORE_SRC:src/%.c=$(B)/wasm/%.o)
WASM = $(B)/wasm/glossa.wasm
DEBIAN_PACKAGES += clang lld wasi-libc libclang-rt-14-dev-wasm32 chromium

.PHONY: wasm js-check js-pack bench-js
$(B)/wasm/%.o: src/%.c src/*.h include/glossa.h
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) -DGLOSSA_BUILDING -c $< -o $@
$(B)/wasm/glossa_wasm.o: js/glossa_wasm.c include/glossa.h $(MODEL)
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) -c $< -o $@
$(WASM): $(WASM_OBJ) $(B)/wasm/glossa_wasm.o
	$(WASM_CC) $(WASM_LDFLAGS) $^ -o $@
js/glossa.wasm: $(WASM)
	cp $< $@
wasm: js/glossa.wasm

# ---- tests: the package in Node, the page in Chromium ----
JS_ENV = GLOSSA_CLI=$(B)/glossa GLOSSA_CORPUS=$(CORPUS)
JS_SUITE = $(JS_ENV) sh tests/js_test.sh js tests/js_test.mjs tests/js_pack_test.mjs
# Screenshot: build/browser-demo.png.
BROWSER_SUITE = $(JS_ENV) sh tests/js_test.sh browser tests/browser_demo.mjs
CHECK_DEPS += js/glossa.wasm $(B)/glossa
CHECK_SUITES += "$(JS_SUITE)" "$(BROWSER_SUITE)"
js-check: js/glossa.wasm $(B)/glossa
	@sh tests/summarize.sh "$(JS_SUITE)" "$(BROWSER_SUITE)"
