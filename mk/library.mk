# The library's sources and compile flags, in one place: the Makefile
# includes this file and python/setup.py reads it, so keep to plain
# "NAME = value" lines (a value may go on after a backslash, and name
# another with $(NAME)).
STD = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
# Floating-point exception flags are never read: without this, gcc keeps
# loops with a float compare (the softmax) out of SIMD.
FP = -fno-trapping-math
# The core is everything but the embedded model, which the trainer does not
# need (it makes the model).
CORE_SRC = src/utf8.c src/unicode.c src/unicode_tables.c src/script_sets.c \
           src/featurizer.c src/model.c src/langset.c src/score.c src/detector.c src/detect.c src/spans.c \
           src/status.c src/language_prior.c src/language_priors.c src/language_codes.c
LIB_SRC = $(CORE_SRC) src/model_blob.c
