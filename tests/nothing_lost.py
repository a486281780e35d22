#!/usr/bin/env python3
"""Nothing lost in JSON Lines mode: python3 tests/nothing_lost.py GLOSSA CORPUS

Writes 100,000 records that mix valid records, malformed JSON, records
without the text field or with a text that is not a string, invalid UTF-8
inside strings, huge records (one over the 64 MiB limit) and blank lines;
runs `glossa --jsonl` on them with -j 1 and -j 4; and checks with Python's
own JSON parser that there is exactly one output line per input line, that
every field of every valid record comes back unchanged and in order, that
each error is where it should be, and that the summary counts them."""
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

glossa, corpus = sys.argv[1], sys.argv[2]
random.seed(7)
passed = failed = 0


def check(name, ok):
    global passed, failed
    print(("ok - " if ok else "not ok - ") + name)
    passed += ok
    failed += not ok


texts = []
for path in sorted(glob.glob(os.path.join(corpus, "dev", "*.txt")))[::4]:
    with open(path, encoding="utf-8") as f:
        texts += [line.rstrip("\n") for _, line in zip(range(40), f)]

if not texts:
    check("the corpus %s has dev files" % corpus, False)
    print("nothing-lost: %d passed, %d failed" % (passed, failed))
    sys.exit(1)

lines, expect = [], []  # expect: "ok", "error", "malformed", "long", "blank"
for i in range(100_000):
    kind = random.random()
    text = random.choice(texts)
    if kind < 0.80:
        rec = {"id": i, "text": text, "meta": {"n": i % 7, "tags": ["x", None, True, 1.5]}}
        if i % 3 == 0:
            rec = {"meta": rec["meta"], "text": text, "id": i}  # another key order
        lines.append(json.dumps(rec, ensure_ascii=i % 2 == 0).encode())
        expect.append("ok")
    elif kind < 0.85:  # invalid UTF-8 inside the string, taken as it comes
        lines.append(b'{"id": %d, "text": "\xff\xfe \xc3( %s}' % (i, json.dumps(text, ensure_ascii=False)[1:].encode()))
        expect.append("ok")
    elif kind < 0.89:
        lines.append(json.dumps({"id": i, "body": text}).encode())
        expect.append("error")
    elif kind < 0.91:
        lines.append(json.dumps({"id": i, "text": [text]}).encode())
        expect.append("error")
    elif kind < 0.96:
        broken = json.dumps({"id": i, "text": text}).encode()
        lines.append(random.choice([broken[:-1], broken[1:], broken.replace(b":", b"", 1), b"[" + broken + b"]",
                                    b"null", b"{\"a\": 01}", b"{\"a\": \"\x01\"}"]))
        expect.append("malformed")
    else:
        lines.append(random.choice([b"", b"   ", b"\t"]))
        expect.append("blank")
for at, size in ((1234, 5_000_000), (56_789, 20_000_000)):  # huge but readable
    lines[at] = json.dumps({"id": at, "text": (random.choice(texts) + " ") * (size // 100)}).encode()
    expect[at] = "ok"
lines[77_777] = b'{"id": 77777, "text": "' + b"lorem ipsum " * 6_000_000 + b'"}'  # 72 MB: over the limit
expect[77_777] = "long"

work = tempfile.mkdtemp()
src = os.path.join(work, "in.jsonl")
with open(src, "wb") as f:
    f.write(b"\n".join(lines) + b"\n")

outputs = {}
for threads in ("1", "4"):
    run = subprocess.run([glossa, "--jsonl", "-j", threads, src], capture_output=True)
    check("-j %s exits 0" % threads, run.returncode == 0)
    outputs[threads] = run
check("-j 1 and -j 4 write the same bytes", outputs["1"].stdout == outputs["4"].stdout)

out = outputs["1"].stdout.split(b"\n")
check("one output line per input line", out[-1] == b"" and len(out) - 1 == len(lines))
kept = wrong = 0
for i, (line, kind, got) in enumerate(zip(lines, expect, out)):
    if kind == "blank":
        ok = got == line
    else:
        rec = json.loads(got.decode("utf-8", "surrogateescape"))
        if kind == "ok":
            original = json.loads(line.decode("utf-8", "surrogateescape"))
            ok = list(rec)[:len(original)] == list(original) and all(rec[k] == v for k, v in original.items()) \
                and isinstance(rec["lang"], str) and 0 <= rec["lang_prob"] <= 1
            kept += ok
        elif kind == "error":
            original = json.loads(line)
            ok = all(rec[k] == v for k, v in original.items()) and rec["error"].startswith(("no field", "the field"))
        else:
            ok = rec["line"] == i + 1 and rec["file"] == src and \
                (rec["error"].startswith("malformed JSON") and rec["raw"].encode("utf-8", "surrogateescape") == line
                 if kind == "malformed" else rec["error"] == "record longer than 64 MiB")
    wrong += not ok
    if not ok and wrong < 5:
        print("line %d (%s): %r" % (i + 1, kind, got[:200]))
check("every record in its place, its fields intact, each error marked (%d wrong)" % wrong, wrong == 0)
check("the huge records are labelled", json.loads(out[1234])["lang"] != "und" and json.loads(out[56789])["lang"] != "und")

summary = outputs["1"].stderr.decode()
m = re.search(r"glossa: (\d+) records, .*: (\d+) labelled, (\d+) errors, (\d+) blank lines", summary)
errors = sum(k in ("error", "malformed", "long") for k in expect)
check("the summary counts records, errors and blank lines",
      m is not None and [int(x) for x in m.groups()] == [len(lines) - expect.count("blank"), kept, errors,
                                                        expect.count("blank")])
closed = subprocess.run("'%s' --jsonl '%s' | head -1" % (glossa, src), shell=True, capture_output=True)
check("| head -1: one record, exit 0, nothing on standard error",
      closed.returncode == 0 and closed.stdout.count(b"\n") == 1 and closed.stderr == b"")
os.remove(src)
os.rmdir(work)
print("nothing-lost: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
