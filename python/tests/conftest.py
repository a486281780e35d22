"""Where the tests find the CLI and the corpus: GLOSSA_CLI and GLOSSA_CORPUS
(python.mk sets both), else build/glossa and ../shared/corpus of this
source tree."""
import json
import os
import subprocess
import threading
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def cli():
    path = os.path.abspath(os.environ.get("GLOSSA_CLI", os.path.join(ROOT, "build", "glossa")))
    if not os.access(path, os.X_OK):
        pytest.fail(f"the CLI {path} is missing: run `make` first (or set GLOSSA_CLI)")
    return path


@pytest.fixture(scope="session")
def corpus():
    path = os.path.abspath(os.environ.get("GLOSSA_CORPUS", os.path.join(ROOT, "..", "shared", "corpus")))
    if not os.path.isdir(os.path.join(path, "dev")):
        pytest.fail(f"the corpus {path} has no dev/: set GLOSSA_CORPUS")
    return path


@pytest.fixture(scope="session")
def run_cli(cli):
    """Runs the CLI with arguments; returns its JSON Lines output parsed."""

    def run(*args):
        out = subprocess.run([cli, "--format", "json", *args], check=True, capture_output=True, text=True).stdout
        return [json.loads(line) for line in out.splitlines()]

    return run


def dev_lines(corpus, name, count):
    """The first count lines of dev/name.txt."""
    with open(os.path.join(corpus, "dev", name + ".txt"), encoding="utf-8") as f:
        return [line.rstrip("\n") for line, _ in zip(f, range(count))]


def longest_pause(work, data):
    """Doubles data until work(data) takes 0.2 s or more, then runs it in
    another thread while this one keeps looping: returns the longest this
    thread was stopped, and work's duration. A call that holds the GIL
    stops it for all of its duration; one that releases it, for a small part."""
    while True:
        started = time.perf_counter()
        work(data)
        duration = time.perf_counter() - started
        if duration > 0.2:
            break
        data *= 2
    done = threading.Event()
    worker = threading.Thread(target=lambda: (work(data), done.set()))
    longest = 0.0
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    worker.join()
    return longest, duration
