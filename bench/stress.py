#!/usr/bin/env python3
"""make stress: glossa on pathological input, in linear time and bounded memory.

    python3 bench/stress.py GLOSSA CORPUS [--gigabyte]

For each input and each mode (one document, --lines, --spans) it prints MB/s,
the ratio to ordinary text in the same mode (the aim: none more than 5x
slower), and the peak memory. With --gigabyte it also runs 1 GB of text
without a line break through each mode (the aim: under 64 MB of memory).
Inputs are written to a temporary folder and removed afterwards."""
import glob
import os
import random
import subprocess
import sys
import tempfile

glossa, corpus = sys.argv[1], sys.argv[2]
gigabyte = "--gigabyte" in sys.argv
random.seed(1)
work = tempfile.mkdtemp(prefix="glossa-stress-")


def write(name, data):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


dev = []
for path in sorted(glob.glob(os.path.join(corpus, "dev", "*.txt"))):
    with open(path, encoding="utf-8") as f:
        dev.append(f.read().replace("\n", " "))
ordinary = " ".join(dev)[:20_000_000]
letters = "aбαא字ㄱあअ"  # Latin, Cyrillic, Greek, Hebrew, Han, Hangul, Hiragana, Devanagari
alternating = "".join(letters[i % len(letters)] for i in range(4_000_000))
inputs = [
    ("ordinary text (dev, one line)", write("ordinary.txt", ordinary)),
    ("a million combining marks", write("combining.txt", "a" + "\u0301" * 1_000_000)),
    ("100 MB of one character", write("repeated.txt", "a" * 100_000_000)),
    ("every code point in turn", write("every.txt", "".join(chr(c) for c in range(0x110000)
                                                              if not 0xD800 <= c <= 0xDFFF))),
    ("alternating scripts, one word", write("alternating.txt", alternating)),
    ("alternating scripts, spaced", write("alternating-spaced.txt", " ".join(alternating[:2_000_000]))),
    ("random bytes", write("random.bin", random.randbytes(10_000_000))),
    ("NUL bytes", write("nul.bin", b"\0" * 20_000_000)),
]
modes = [("document", []), ("--lines", ["--lines"]), ("--spans", ["--spans"])]


def run(args, path):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", glossa, *args, path], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)
    seconds, kb = out.stderr.split()[-2:]
    return max(float(seconds), 0.01), int(kb)


print("%-32s %-9s %10s %12s %10s" % ("input", "mode", "MB/s", "vs ordinary", "peak MB"))
base, worst = {}, 0.0
for name, path in inputs:
    size = os.path.getsize(path) / 1e6
    for mode, args in modes:
        seconds, kb = run(args, path)
        rate = size / seconds
        base.setdefault(mode, rate)
        slower = base[mode] / rate
        worst = max(worst, slower)
        print("%-32s %-9s %10.1f %11.2fx %10.1f" % (name, mode, rate, slower, kb / 1024))
        sys.stdout.flush()
    os.remove(path)
print("slowest against ordinary text: %.2fx (aim: at most 5x)" % worst)

if gigabyte:
    path = os.path.join(work, "gigabyte.txt")
    sentence = (ordinary[:1_000_000] + " ").encode("utf-8")
    with open(path, "wb") as f:
        for _ in range(1000):
            f.write(sentence)
    size = os.path.getsize(path) / 1e6
    for mode, args in modes:
        seconds, kb = run(args, path)
        print("%.0f MB without a line break, %-9s %7.1f s %6.1f MB/s, peak %.1f MB (aim: under 64 MB)"
              % (size, mode, seconds, size / seconds, kb / 1024))
        sys.stdout.flush()
    os.remove(path)
os.rmdir(work)
