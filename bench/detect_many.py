"""make bench-python: detect_many against a Python loop over detect.

    python bench/detect_many.py CORPUS [RUNS]   (with the glossa package installed)

Texts from the first 20 lines of every language of CORPUS/dev: each line's
first word, its first three words, and the whole line. For each, the
throughput (texts per second, the best of RUNS runs, default 5: the machine
is shared, and the best run is the one least disturbed) of
[glossa.detect(t) for t in texts], and of glossa.detect_many(texts) on one
thread and on every core, and their ratio to the loop (the aim, on short
texts: 5x). It checks that all three give the same answers."""
import glob
import os
import sys
import time

import glossa

corpus = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
cores = os.cpu_count() or 1

lines = []
for path in sorted(glob.glob(os.path.join(corpus, "dev", "*.txt"))):
    with open(path, encoding="utf-8") as f:
        lines += [line.rstrip("\n") for line, _ in zip(f, range(20))]
sets = {
    "1 word": [" ".join(line.split()[:1]) for line in lines],
    "3 words": [" ".join(line.split()[:3]) for line in lines],
    "whole line": lines,
}


def best(label):
    """Texts per second of the fastest of runs calls of label(), and its answers."""
    fastest = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        answers = label()
        fastest = min(fastest, time.perf_counter() - started)
    return len(texts) / fastest, answers


print(f"glossa {glossa.__version__}: detect_many against a loop over detect, {len(lines)} texts "
      f"from {corpus}/dev, the best of {runs} runs, {cores} cores")
print(f"{'texts':<12}{'mean chars':>11}{'loop /s':>12}{'many, 1 thread /s':>20}{'x':>7}"
      f"{f'many, {cores} threads /s':>22}{'x':>7}")
for name, texts in sets.items():
    glossa.detect_many(texts)  # the texts' UTF-8, cached by Python, made once for all
    loop, expected = best(lambda: [glossa.detect(t) for t in texts])
    one, answers_one = best(lambda: glossa.detect_many(texts))
    many, answers_many = best(lambda: glossa.detect_many(texts, threads=0))
    if not answers_one == answers_many == expected:
        sys.exit(f"{name}: detect_many does not give detect's answers")
    chars = sum(map(len, texts)) / len(texts)
    print(f"{name:<12}{chars:>11.1f}{loop:>12,.0f}{one:>20,.0f}{one / loop:>6.2f}x{many:>22,.0f}{many / loop:>6.2f}x")
