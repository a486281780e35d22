"""The type stubs match the module (mypy's stubtest) and type a program
that uses the API as documented."""
import re
import subprocess
import sys


USAGE = '''
import glossa

guess: glossa.Guess = glossa.detect("Dit is een zin.")
lang: str = guess.lang
prob: float = guess.prob
tag, p = guess
top: list[glossa.Guess] = glossa.detect("Dit is een zin.", k=3, only=["nl", "de"])
for span in glossa.spans("Dit is een zin.", only=("nl",)):
    start: int = span.start
    end: int = span.end
reliable: bool = guess.reliable
many: list[glossa.Guess] = glossa.detect_many(["Dit is een zin.", "Das ist ein Satz."], threads=2)
many_top: list[list[glossa.Guess]] = glossa.detect_many(("Dit is een zin.",), k=3, min_prob=0.1, prior="flat")
summary: glossa.Summary = glossa.summary("Dit is een zin.", only=["nl", "ar"])
mixed: bool = summary.mixed
shares: list[tuple[str, float, int]] = [(s.lang, s.share, s.letters) for s in summary.languages]
names: list[str] = [language.name for language in glossa.languages()]
version: str = glossa.__version__
'''


def mypy(*args, cwd):
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True)


def test_stubs_match_the_module(tmp_path):
    result = mypy("mypy.stubtest", "glossa", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubs_type_the_documented_use(tmp_path):
    wrong = ['glossa.detect(b"bytes")', 'n: int = glossa.detect("x").lang', 'm: list[glossa.Guess] = glossa.detect_many(["x"], k=2)']
    (tmp_path / "use.py").write_text(USAGE + "\n".join(wrong) + "\n")
    result = mypy("mypy", "--strict", "use.py", cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    first = len(USAGE.splitlines()) + 1
    assert [e.split(":")[1] for e in errors] == [str(first), str(first + 1), str(first + 2)], result.stdout
    assert 'No overload variant of "detect" matches argument type "bytes"' in errors[0]
    assert '(expression has type "str", variable has type "int")' in errors[1]
    # (mypy writes List or list, as its version goes)
    assert re.search(r'expression has type "[Ll]ist\[[Ll]ist\[Guess\]\]", variable has type "[Ll]ist\[Guess\]"', errors[2])
