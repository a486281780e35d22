# glossa: build, test, train and evaluate.
#   make            library (static and shared), CLI, trainer, evaluator
#   make demo       build and run the CLI on sample texts (embedded model)
#   make check      build with ASan+UBSan and run every test
#   make eval       accuracy on ../shared/corpus/ood/ntrex and dev -> docs/accuracy.md
#   make mixed-docs synthetic mixed-language documents from dev -> build/mixed-docs.jsonl
#   make eval-spans span accuracy on those documents -> docs/spans.md
#   make tune-spans the span finder's settings over a grid, on other documents
#   make stress     pathological input and 1 GB in one line: MB/s, peak memory
#   make model      retrain the embedded model from ../shared/corpus's train files
#   make unicode    regenerate src/unicode_tables.c from Debian's unicode-data (and confusables)
#   make language-codes  regenerate src/language_codes.c (ISO 639 codes, for tags)

.DEFAULT_GOAL := all
CC ?= cc
CORPUS ?= ../shared/corpus
OPT ?= -O3
# The library's sources and compile flags, which python/setup.py reads too.
include mk/library.mk
# Hardening: stack canaries, and libc calls checked by _FORTIFY_SOURCE (which needs -O1 or more).
HARDEN = -fstack-protector-strong $(if $(filter -O0,$(OPT)),,-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2)
CFLAGS_ALL = $(STD) $(WARN) $(OPT) $(FP) $(HARDEN) -g -Iinclude -Isrc -DGLOSSA_MODEL_PATH='"$(CURDIR)/$(MODEL)"' $(CFLAGS)
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B = build
MODEL = model/glossa.model

CORE_OBJ = $(CORE_SRC:src/%.c=$(B)/obj/%.o)
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
LIB_PIC = $(LIB_SRC:src/%.c=$(B)/pic/%.o)
CHK_OBJ = $(LIB_SRC:src/%.c=$(B)/chk/%.o)
UNIT_TESTS = $(patsubst src/%.c,$(B)/chk/%,$(wildcard src/*_test.c))

# Parts that plug in (benchmark, Python, SQLite, packaging) each add: their
# test suites to CHECK_SUITES (commands that end with "NAME: N passed, M
# failed"), what those need built to CHECK_DEPS, and the Debian packages they
# need to DEBIAN_PACKAGES, which `make deps` installs (make check and make
# demo run it first).
CHECK_SUITES =
CHECK_DEPS =
DEBIAN_PACKAGES =
include bench/bench.mk
include python/python.mk
include sqlite/sqlite.mk
include mk/install.mk
include mk/analysis.mk
include mk/priors.mk
include mk/language_codes.mk
include mk/wasm.mk

.PHONY: deps fuzz stress bench-threads all demo demo-build check check-build unit-tests cli-tests accuracy-test eval mixed-docs eval-spans tune-spans model unicode clean
all: $(B)/libglossa.a $(B)/libglossa.so $(B)/glossa $(B)/glossa-train $(B)/glossa-eval $(B)/glossa-spans-eval

$(B)/obj/%.o: src/%.c src/*.h include/glossa.h | $(B)/obj
	$(CC) $(CFLAGS_ALL) -DGLOSSA_BUILDING -fvisibility=hidden -c $< -o $@
$(B)/pic/%.o: src/%.c src/*.h include/glossa.h | $(B)/pic
	$(CC) $(CFLAGS_ALL) -DGLOSSA_BUILDING -fvisibility=hidden -fPIC -c $< -o $@
$(B)/chk/%.o: src/%.c src/*.h include/glossa.h | $(B)/chk
	$(CC) $(CFLAGS_ALL) $(SAN) -DGLOSSA_BUILDING -c $< -o $@
# The embedded model is pulled in by .incbin: rebuild when it changes.
$(B)/obj/model_blob.o $(B)/pic/model_blob.o $(B)/chk/model_blob.o: $(MODEL)

$(B)/obj $(B)/pic $(B)/chk:
	mkdir -p $@

$(B)/libglossa.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libglossa-core.a: $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libglossa.so: $(LIB_PIC)
	$(CC) -shared -Wl,-soname,libglossa.so.0 -o $@ $^ -lpthread -lm
# The CLI reads gzip, zstd, bzip2 and xz files (zlib, libzstd, libbz2 and
# liblzma: the CLI only, the library depends on nothing).
CLI_SRC = cli/main.c cli/documents.c cli/records.c cli/output.c cli/input.c cli/jsonl.c cli/pool.c cli/strbuf.c
CLI_LIBS = -lz -lzstd -lbz2 -llzma -lpthread -lm
DEBIAN_PACKAGES += zlib1g-dev libzstd-dev zstd libbz2-dev bzip2 liblzma-dev xz-utils
$(B)/glossa: $(CLI_SRC) cli/*.h tools/common.h $(B)/libglossa.a
	$(CC) $(CFLAGS_ALL) -Icli -Itools $(CLI_SRC) $(B)/libglossa.a $(CLI_LIBS) -o $@
$(B)/glossa-train: tools/train.c tools/non_language.c tools/*.h $(B)/libglossa-core.a
	$(CC) $(CFLAGS_ALL) -O3 tools/train.c tools/non_language.c $(B)/libglossa-core.a -lpthread -lm -o $@
$(B)/glossa-eval: tools/eval.c tools/common.h $(B)/libglossa.a
	$(CC) $(CFLAGS_ALL) $< $(B)/libglossa.a -lpthread -lm -o $@
$(B)/glossa-spans-eval: tools/spans_eval.c tools/common.h src/spans.h $(B)/libglossa.a
	$(CC) $(CFLAGS_ALL) $< $(B)/libglossa.a -lpthread -lm -o $@

# ---- tests (ASan + UBSan) ----
$(B)/chk/libglossa.a: $(CHK_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/chk/%_test: src/%_test.c $(B)/chk/libglossa.a tests/harness.h
	$(CC) $(CFLAGS_ALL) $(SAN) -Itests $< $(B)/chk/libglossa.a -lpthread -lm -o $@
$(B)/chk/glossa: $(CLI_SRC) cli/*.h tools/common.h $(B)/chk/libglossa.a
	$(CC) $(CFLAGS_ALL) $(SAN) -Icli -Itools $(CLI_SRC) $(B)/chk/libglossa.a $(CLI_LIBS) -o $@
$(B)/chk/glossa-eval: tools/eval.c tools/common.h $(B)/chk/libglossa.a
	$(CC) $(CFLAGS_ALL) $(SAN) $< $(B)/chk/libglossa.a -lpthread -lm -o $@

ACCURACY_TEST = $(B)/chk/glossa-eval --corpus $(CORPUS) --sets ood,dev --max-lines 40 --check tests/accuracy_thresholds.txt
unit-tests: $(UNIT_TESTS)
	@sh tests/summarize.sh $(UNIT_TESTS)
cli-tests: $(B)/chk/glossa
	@sh cli/cli_test.sh $(B)/chk/glossa
accuracy-test: $(B)/chk/glossa-eval
	@$(ACCURACY_TEST)
TRAIN_TEST = sh tools/train_test.sh $(B)/glossa-train $(B)/chk/glossa $(CORPUS)
README_TEST = sh tests/readme_example.sh '$(CC)' '$(STD) $(WARN) $(SAN)' $(B)/chk/libglossa.a
deps:
	@sh tools/install_deps.sh $(DEBIAN_PACKAGES)

MIXED_DOCS = samples/latvian-with-references.txt samples/dutch-with-arabic.txt
DEMO_DOCS = $(filter-out samples/mixed-lines.txt $(MIXED_DOCS),$(wildcard samples/*.txt))
# libFuzzer targets (clang). `make fuzz FUZZ_SECONDS=1800` runs each that
# long, growing build/fuzz/corpus-*; make check runs each for 10 seconds on
# the committed seeds (tests/fuzz_smoke.sh).
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = $(STD) -O1 -g -Iinclude -Isrc -DGLOSSA_MODEL_PATH='"$(CURDIR)/$(MODEL)"' \
              -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS = detect spans model jsonl
FUZZERS = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
FUZZ_LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/fuzz/obj/%.o)
$(B)/fuzz/obj/%.o: src/%.c src/*.h include/glossa.h
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c $< -o $@
$(B)/fuzz/obj/model_blob.o: $(MODEL)
$(B)/fuzz/libglossa.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/fuzz/fuzz_%: fuzz/fuzz_%.c $(B)/fuzz/libglossa.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(B)/fuzz/libglossa.a -lpthread -lm -o $@
# The CLI's JSON Lines reader, on its own.
$(B)/fuzz/fuzz_jsonl: fuzz/fuzz_jsonl.c cli/jsonl.c cli/strbuf.c cli/jsonl.h cli/strbuf.h
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Icli $< cli/jsonl.c cli/strbuf.c -o $@
fuzz: $(FUZZERS)
	@for f in $(FUZZ_TARGETS); do mkdir -p $(B)/fuzz/corpus-$$f; \
	  $(B)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(B)/fuzz/corpus-$$f fuzz/corpus/$$f || exit 1; done
DEBIAN_PACKAGES += clang
CHECK_DEPS += $(FUZZERS)
CHECK_SUITES += "sh tests/fuzz_smoke.sh $(B)/fuzz $(FUZZ_TARGETS)"
# The generated Unicode table, regenerated and compared.
DEBIAN_PACKAGES += unicode-data python3-confusable-homoglyphs
CHECK_SUITES += "sh tests/unicode_tables_test.sh"
# Everyday input: tweets, product titles, Unicode forms, non-language,
# kanji-only Japanese, bilingual lines, span excerpts.
CHECK_SUITES += "python3 tests/everyday_test.py $(B)/chk/glossa tests/everyday.tsv"
# Nothing lost in JSON Lines mode (issue: 100,000 mixed records).
CHECK_SUITES += "python3 tests/nothing_lost.py $(B)/chk/glossa $(CORPUS)"

# The CLI on one core and on all: --jsonl and --lines, MB/s and speed-up.
bench-threads: $(B)/glossa
	python3 bench/threads.py $(B)/glossa $(CORPUS)

# Pathological input and 1 GB without a line break: MB/s and peak memory.
stress: $(B)/glossa
	python3 bench/stress.py $(B)/glossa $(CORPUS) --gigabyte

demo: deps
	@$(MAKE) --no-print-directory demo-build
demo-build: $(B)/glossa
	@:
	@echo "One answer per document (language, probability):"
	@$(B)/glossa $(DEMO_DOCS)
	@echo; echo "One answer per line, top 3 (glossa --lines -k 3 samples/mixed-lines.txt):"
	@$(B)/glossa --lines -k 3 samples/mixed-lines.txt
	@echo; echo "The languages of mixed documents (glossa --spans --summary FILE...):"
	@$(B)/glossa --spans --summary $(MIXED_DOCS)

eval: $(B)/glossa-eval
	$(B)/glossa-eval --corpus $(CORPUS) --sets ood,dev --markdown docs/accuracy.md
	python3 tools/update_readme.py accuracy docs/accuracy.md

# Spans: synthetic mixed documents from dev (seed 1 reports; seed 2 tunes).
mixed-docs: $(B)/glossa-spans-eval
	$(B)/glossa-spans-eval generate --corpus $(CORPUS) --seed 1 --out $(B)/mixed-docs.jsonl
eval-spans: $(B)/glossa-spans-eval
	$(B)/glossa-spans-eval score --corpus $(CORPUS) --seed 1 --markdown docs/spans.md
	python3 tools/update_readme.py spans docs/spans.md
tune-spans: $(B)/glossa-spans-eval
	$(B)/glossa-spans-eval tune --corpus $(CORPUS) --seed 2

# The model fuzzer starts from the model's header (fuzz/corpus/model/header).
# model/corpus-files.tsv lists every corpus file the model was trained from,
# with its size and hash. Two threads: 18 minutes on this project's 2-core
# machine (one thread, deterministic for a seed, takes twice as long).
# The final softmax's temperature comes from a first run that keeps one
# train file of each language out of training and fits it on them (so that
# probabilities hold on text unlike the train text); the model is then
# trained on every file and written with that temperature. Twice the time.
TRAIN_THREADS ?= 2
model: $(B)/glossa-train
	$(B)/glossa-train --corpus $(CORPUS) --out $(B)/unseen.model --unseen-sources 1 --threads $(TRAIN_THREADS) \
	    2> $(B)/unseen.log
	$(B)/glossa-train --corpus $(CORPUS) --out $(MODEL) --manifest model/corpus-files.tsv --threads $(TRAIN_THREADS) \
	    --temperature $$(sed -n 's/^temperature on .* files: \([0-9.]*\) .*/\1/p' $(B)/unseen.log)
	head -c 512 $(MODEL) > fuzz/corpus/model/header
	$(MAKE) all eval

unicode: deps
	python3 tools/gen_unicode.py /usr/share/unicode > src/unicode_tables.c.tmp
	mv src/unicode_tables.c.tmp src/unicode_tables.c

clean:
	rm -rf $(B)

# Last in the file: make expands a rule's prerequisites where it reads the
# rule, so CHECK_DEPS and CHECK_SUITES must be complete by now. deps first,
# then the build: what is built may need what deps installs.
check: deps
	@$(MAKE) --no-print-directory check-build
	@sh tests/summarize.sh $(UNIT_TESTS) "sh cli/cli_test.sh $(B)/chk/glossa" "$(README_TEST)" "$(ACCURACY_TEST)" \
	  "$(TRAIN_TEST)" $(CHECK_SUITES)
check-build: $(UNIT_TESTS) $(B)/chk/glossa $(B)/chk/glossa-eval $(B)/glossa-train $(CHECK_DEPS)
	@:
