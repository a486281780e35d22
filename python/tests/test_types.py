"""The type stubs match the module (mypy's stubtest) and type a program
that uses the API as documented."""
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
names: list[str] = [language.name for language in glossa.languages()]
version: str = glossa.__version__
'''


def mypy(*args, cwd):
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True)


def test_stubs_match_the_module(tmp_path):
    result = mypy("mypy.stubtest", "glossa", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubs_type_the_documented_use(tmp_path):
    wrong = ['glossa.detect(b"bytes")', 'n: int = glossa.detect("x").lang']
    (tmp_path / "use.py").write_text(USAGE + "\n".join(wrong) + "\n")
    result = mypy("mypy", "--strict", "use.py", cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    first = len(USAGE.splitlines()) + 1
    assert [e.split(":")[1] for e in errors] == [str(first), str(first + 1)], result.stdout
    assert 'No overload variant of "detect" matches argument type "bytes"' in errors[0]
    assert '(expression has type "str", variable has type "int")' in errors[1]
