"""The examples of python/README_SECTION.md work as written: its pycon
blocks give the output shown (its Dask recipe is run by test_dask.py), as
do the examples of the module's docstring."""
import doctest
import os
import re

from conftest import ROOT

README = os.path.join(ROOT, "python", "README_SECTION.md")


def code_blocks(language):
    with open(README, encoding="utf-8") as f:
        return re.findall(rf"^```{language}\n(.*?)^```$", f.read(), re.M | re.S)


def test_readme_examples():
    (block,) = code_blocks("pycon")
    test = doctest.DocTestParser().get_doctest(block, {}, "README_SECTION.md", README, 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_module_docstring_examples():
    import glossa

    failed, attempted = doctest.testmod(glossa, optionflags=doctest.ELLIPSIS)
    assert (failed, attempted) == (0, 3)
