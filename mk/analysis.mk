# Reliability suites of make check (issue #6):
#   threads   8 threads share one model under ThreadSanitizer (tests/threads_test.c)
#   valgrind  the optimized CLI under valgrind's memcheck (tests/valgrind_test.sh)
#   analysis  cppcheck and clang-tidy on the sources, the library's exported
#             symbols (tests/analysis_test.sh)

# ---- ThreadSanitizer: the library's objects and the test, in build/tsan ----
TSAN = -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJ = $(LIB_SRC:src/%.c=$(B)/tsan/%.o)
$(B)/tsan/%.o: src/%.c src/*.h include/glossa.h | $(B)/tsan
	$(CC) $(CFLAGS_ALL) $(TSAN) -DGLOSSA_BUILDING -c $< -o $@
$(B)/tsan/model_blob.o: $(MODEL)
$(B)/tsan:
	mkdir -p $@
$(B)/tsan/threads_test: tests/threads_test.c tests/harness.h $(TSAN_OBJ)
	$(CC) $(CFLAGS_ALL) $(TSAN) -Itests $< $(TSAN_OBJ) -lpthread -lm -o $@

CHECK_DEPS += $(B)/tsan/threads_test
# halt_on_error=0: every report is counted by the test, which then fails.
CHECK_SUITES += "TSAN_OPTIONS='halt_on_error=0 exitcode=66' sh tests/count_last.sh $(B)/tsan/threads_test $(CORPUS)/dev"

# ---- valgrind: the optimized CLI (build/glossa) under memcheck ----
DEBIAN_PACKAGES += valgrind gzip zstd
CHECK_DEPS += $(B)/glossa
CHECK_SUITES += "sh tests/valgrind_test.sh $(B)/glossa"
