"""Runs the binding's tests with pytest and closes with the line that
tests/summarize.sh reads: "python: N passed, M failed" (a test fails when
any of its phases fails; an error in collecting a file counts as a failure).
Exits non-zero when pytest does. Arguments are passed to pytest."""
import os
import sys

import pytest


class Counts:
    def __init__(self):
        self.passed = set()
        self.failed = set()
        self.skipped = set()

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.add(report.nodeid)
        elif report.skipped:
            self.skipped.add(report.nodeid)
        elif report.when == "call":
            self.passed.add(report.nodeid)

    def pytest_collectreport(self, report):
        if report.failed:
            self.failed.add(report.nodeid)


def main():
    counts = Counts()
    here = os.path.dirname(os.path.abspath(__file__))
    status = pytest.main(["-q", "-p", "no:cacheprovider", here] + sys.argv[1:], plugins=[counts])
    passed = counts.passed - counts.failed
    if counts.skipped:
        print(f"python: {len(counts.skipped)} skipped")
    print(f"python: {len(passed)} passed, {len(counts.failed)} failed")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
