#!/usr/bin/env python3
"""make bench-threads: the CLI's throughput with -j 1 and with every core.

    python3 bench/threads.py GLOSSA CORPUS [RUNS]

Builds a JSON Lines corpus of about 100 MB from the dev lines (and the same
lines as plain text), runs `glossa --jsonl` and `glossa --lines` with -j 1
and -j <cores>, and prints the median MB/s of RUNS runs and the speed-up
(the aim on 2 cores: at least 1.8x). It checks that both give the same
output."""
import glob
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

glossa, corpus = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
cores = os.cpu_count() or 1
work = tempfile.mkdtemp(prefix="glossa-threads-")

lines = []
for path in sorted(glob.glob(os.path.join(corpus, "dev", "*.txt"))):
    with open(path, encoding="utf-8") as f:
        lines += [line.rstrip("\n") for line in f]
jsonl, text = os.path.join(work, "corpus.jsonl"), os.path.join(work, "corpus.txt")
with open(jsonl, "w", encoding="utf-8") as fj, open(text, "w", encoding="utf-8") as ft:
    n = 0
    while fj.tell() < 100_000_000:
        for line in lines:
            fj.write(json.dumps({"id": n, "text": line, "source": "dev"}, ensure_ascii=False) + "\n")
            ft.write(line + "\n")
            n += 1


def measure(args, path):
    """MB/s (median) and a digest of the output, which goes to a file so
    that nothing else runs on the cores while glossa is timed."""
    times, result = [], os.path.join(work, "out")
    for _ in range(runs):
        with open(result, "wb") as out:
            start = time.perf_counter()
            subprocess.run([glossa, *args, path], stdout=out, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - start)
    with open(result, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    os.remove(result)
    return os.path.getsize(path) / 1e6 / statistics.median(times), digest


print("%d records, %d cores, median of %d runs" % (n, cores, runs))
print("%-9s %12s %12s %9s  %s" % ("mode", "-j 1 MB/s", "-j %d MB/s" % cores, "speed-up", "same output"))
for mode, path in (("--jsonl", jsonl), ("--lines", text)):
    one, d1 = measure([mode, "--quiet", "-j", "1"], path)
    many, dn = measure([mode, "--quiet", "-j", str(cores)], path)
    print("%-9s %12.1f %12.1f %8.2fx  %s" % (mode, one, many, many / one, "yes" if d1 == dn else "NO"))
os.remove(jsonl)
os.remove(text)
os.rmdir(work)
