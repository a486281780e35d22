# `make bench`: glossa against CLD2, fastText lid.176, CLD3, lingua, whatlang,
# franc, eld and TextCat on ood and dev lines (bench/run.py; peers are
# installed into bench/.peers and by apt-get, each only once). Writes
# bench/RESULTS.md and quotes its summary in README.md.
#   make bench BENCH_LINES=200 BENCH_RUNS=5 CORPUS=../shared/corpus
#   make bench BENCH_LINES=all               every line of both sets
#   make bench BENCH_PEERS=cld2,fasttext     only these peers
BENCH_LINES ?= 200
BENCH_RUNS ?= 5
BENCH_PEERS ?=
BENCH_DRIVER = bench/.peers/bin/glossa_driver

.PHONY: bench
bench: $(BENCH_DRIVER) $(B)/glossa
	python3 bench/run.py --corpus $(CORPUS) --lines $(BENCH_LINES) --runs $(BENCH_RUNS) \
	  --glossa-driver $(BENCH_DRIVER) --glossa-cli $(B)/glossa $(if $(BENCH_PEERS),--peers $(BENCH_PEERS))

$(BENCH_DRIVER): bench/glossa_driver.c bench/peers/bench_input.h tools/common.h include/glossa.h $(B)/libglossa.a
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(OPT) -Iinclude -Itools $< $(B)/libglossa.a -lpthread -lm -o $@
