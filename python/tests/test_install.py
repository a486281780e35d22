"""The install commands of README.md's Python section work as written, offline,
in a copy of the source tree as a fresh checkout has it: pip install into a
new virtual environment, and pip wheel, whose wheel installs into another."""
import glob
import os
import shutil
import subprocess

from conftest import ROOT
from test_readme import code_blocks

# What setup.py reads: the library's sources, the model, mk/library.mk.
TREE = ["src", "include", "model", "mk", "python"]
DETECT = (
    "import glossa; g = glossa.detect('Dit is een zin in het Nederlands over het weer van vandaag.');"
    "print(glossa.__file__, g.lang, g.reliable)"
)


def command(word):
    """The one sh block of the Python section that runs `pip WORD`."""
    (block,) = [b for b in code_blocks("sh") if f"pip {word} " in b]
    return block


def offline_env():
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_RETRIES="0", PIP_TIMEOUT="1")
    # Were an index asked after all, it would not answer.
    env["PIP_INDEX_URL"] = "http://127.0.0.1:9/simple"
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_FIND_LINKS", "PIP_NO_INDEX"):
        env.pop(name, None)
    return env


def fresh_tree(tmp_path):
    tree = tmp_path / "glossa"
    for part in TREE:
        shutil.copytree(os.path.join(ROOT, part), tree / part,
                        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    return tree


def run(args, cwd):
    result = subprocess.run(args, cwd=cwd, env=offline_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def detects(python, cwd, where):
    lang_file, lang, reliable = run([str(python), "-c", DETECT], cwd).split()
    assert lang_file.startswith(str(where)) and (lang, reliable) == ("nl", "True")


def test_pip_install_and_pip_wheel_as_the_readme_has_them(tmp_path):
    tree = fresh_tree(tmp_path)
    install = command("install")
    assert "--no-index" in install and "--no-build-isolation" in install and "--system-site-packages" in install
    run(["sh", "-ec", install], tree)
    detects(tree / "venv" / "bin" / "python", tmp_path, tree / "venv")

    run(["sh", "-ec", command("wheel")], tree)
    (wheel,) = glob.glob(str(tree / "dist" / "glossa-*.whl"))
    other = tmp_path / "other"
    run(["/usr/bin/python3", "-m", "venv", str(other)], tmp_path)
    run([str(other / "bin" / "pip"), "install", "--no-index", wheel], tmp_path)
    detects(other / "bin" / "python", tmp_path, other)
