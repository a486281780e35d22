# Reliability suites of make check (issue #6):
#   threads   8 threads share one model under ThreadSanitizer (tests/threads_test.c)
#   valgrind  the optimized CLI under valgrind's memcheck (tests/valgrind_test.sh)
#   analysis  cppcheck and clang-tidy on the sources, the library's exported
#             symbols (tests/analysis_test.sh)

# ---- Rebuild when the flags change ----
# Objects do not otherwise depend on the compiler and its flags: a build
# made before a flag changed (the hardening flags, CC=clang, OPT=...) would
# be kept. $(B)/.flags holds the flags of the last parse; when they differ it
# is rewritten, and what is compiled with CFLAGS_ALL is rebuilt.
FLAGS_NOW := $(CC) $(CFLAGS_ALL) | $(SAN)
ifneq ($(FLAGS_NOW),$(file < $(B)/.flags))
$(shell mkdir -p $(B))$(file > $(B)/.flags,$(FLAGS_NOW))
endif
$(LIB_OBJ) $(LIB_PIC) $(CHK_OBJ) $(UNIT_TESTS) $(B)/glossa $(B)/glossa-train $(B)/glossa-eval \
  $(B)/glossa-spans-eval $(B)/chk/glossa $(B)/chk/glossa-eval $(B)/glossa_sqlite.so: $(B)/.flags
$(B)/.flags:
	@:

# ---- ThreadSanitizer: the library's objects and the test, in build/tsan ----
TSAN = -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJ = $(LIB_SRC:src/%.c=$(B)/tsan/%.o)
$(B)/tsan/%.o: src/%.c src/*.h include/glossa.h | $(B)/tsan
	$(CC) $(CFLAGS_ALL) $(TSAN) -DGLOSSA_BUILDING -c $< -o $@
$(B)/tsan/model_blob.o: $(MODEL)
$(B)/tsan:
	mkdir -p $@
$(TSAN_OBJ): $(B)/.flags
$(B)/tsan/threads_test: tests/threads_test.c tests/harness.h tools/common.h $(TSAN_OBJ) $(B)/.flags
	$(CC) $(CFLAGS_ALL) $(TSAN) -Itests -Itools $< $(TSAN_OBJ) -lpthread -lm -o $@

CHECK_DEPS += $(B)/tsan/threads_test
# halt_on_error=0: every report is counted by the test, which then fails.
CHECK_SUITES += "TSAN_OPTIONS='halt_on_error=0 exitcode=66' sh tests/count_last.sh $(B)/tsan/threads_test $(CORPUS)/dev"

# ---- valgrind: the optimized CLI (build/glossa) under memcheck ----
DEBIAN_PACKAGES += valgrind gzip zstd
CHECK_DEPS += $(B)/glossa
CHECK_SUITES += "sh tests/valgrind_test.sh $(B)/glossa"

# ---- analysis: cppcheck, clang-tidy (.clang-tidy), exported symbols, hardening ----
DEBIAN_PACKAGES += cppcheck clang-tidy clang binutils
CHECK_DEPS += $(B)/glossa $(B)/libglossa.so
CHECK_SUITES += "sh tests/analysis_test.sh $(B) '$(LIB_SRC) $(CLI_SRC) sqlite/glossa_sqlite.c'"
