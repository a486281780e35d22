"""The examples of the Python section of README.md work as written: its
pycon block gives the output shown (its Dask recipe is run by
test_dask.py), as do the examples of the module's docstring."""
import doctest
import os
import re

from conftest import ROOT

README = os.path.join(ROOT, "README.md")


def code_blocks(language):
    """The code blocks of the README's "## Python" section."""
    with open(README, encoding="utf-8") as f:
        section = re.search(r"^## Python\n(.*?)(?=^## )", f.read(), re.M | re.S).group(1)
    return re.findall(rf"^```{language}\n(.*?)^```$", section, re.M | re.S)


def test_readme_examples():
    (block,) = code_blocks("pycon")
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md", README, 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_module_docstring_examples():
    import glossa

    failed, attempted = doctest.testmod(glossa, optionflags=doctest.ELLIPSIS)
    assert (failed, attempted) == (0, 3)
