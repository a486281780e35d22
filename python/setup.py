"""Builds glossa's Python binding from the glossa source tree it lies in.

libglossa's sources are compiled with the Makefile's flags, both read from
../mk/library.mk (position-independent, as everything setuptools compiles) and linked into the extension glossa._glossa. The built-in model
(../model/glossa.model) is embedded by src/model_blob.c with the
assembler's .incbin, as in the Makefile: its path comes in
GLOSSA_MODEL_PATH. Nothing is downloaded and no prior `make` is needed:

    pip install --no-build-isolation ./python
"""
import os
import re

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# setup() takes paths relative to this directory; the compiler is given
# absolute ones (so that objects stay under build/, and .incbin finds the
# model from wherever the assembler runs).
os.chdir(os.path.dirname(os.path.abspath(__file__)))
SRC = "../src"
INCLUDE = "../include"
MODEL = "../model/glossa.model"

for needed in (SRC, INCLUDE, MODEL):
    if not os.path.exists(needed):
        raise SystemExit(f"glossa's Python binding builds from a glossa source tree: {needed} is missing")
MODEL_PATH = os.path.abspath(MODEL)
if '"' in MODEL_PATH or "\\" in MODEL_PATH:
    raise SystemExit(f"the model's path cannot be given to .incbin: {MODEL_PATH}")



def make_variables(path):
    """The NAME = value lines of a makefile part, continued lines joined and
    $(NAME) replaced."""
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"\\\n", " ", f.read())
    variables = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Z_]+) = (.*)$", line)
        if match:
            variables[match[1]] = re.sub(r"\$\(([A-Z_]+)\)", lambda m: variables[m[1]], match[2])
    return {name: value.split() for name, value in variables.items()}


LIBRARY = make_variables("../mk/library.mk")
LIB_SOURCES = [f"../{source}" for source in LIBRARY["LIB_SRC"]]
HEADERS = sorted(f"{SRC}/{name}" for name in os.listdir(SRC) if name.endswith(".h")) + [f"{INCLUDE}/glossa.h", "../mk/library.mk"]
DEFINES = [flag for flag in LIBRARY["STD"] if flag.startswith("-D")]
FLAGS = [flag for flag in LIBRARY["STD"] if not flag.startswith("-D")] + LIBRARY["WARN"] + LIBRARY["FP"]

with open(f"{INCLUDE}/glossa.h", encoding="utf-8") as header:
    VERSION = re.search(r'#define GLOSSA_VERSION_STRING "([^"]+)"', header.read()).group(1)


class build_ext_with_libglossa(build_ext):
    """Compiles libglossa into the extension, when the extension is out of date."""

    def build_extension(self, ext):
        if self.force or self._out_of_date(ext):
            ext.extra_objects = self.compiler.compile(
                [os.path.abspath(source) for source in LIB_SOURCES],
                output_dir=self.build_temp,
                # Without GLOSSA_BUILDING the library's functions stay hidden in the
                # extension: no other libglossa in the process can interpose them.
                macros=[tuple(flag[2:].split("=", 1)) for flag in DEFINES] +
                       [("GLOSSA_MODEL_PATH", f'"{MODEL_PATH}"')],
                include_dirs=[os.path.abspath(INCLUDE), os.path.abspath(SRC)],
                extra_postargs=FLAGS + ["-O3", "-fvisibility=hidden"],
                depends=HEADERS,
            )
        super().build_extension(ext)

    def _out_of_date(self, ext):
        target = self.get_ext_fullpath(ext.name)
        sources = ext.sources + ext.depends
        return not os.path.exists(target) or max(map(os.path.getmtime, sources)) > os.path.getmtime(target)


extension = Extension(
    "glossa._glossa",
    sources=["glossa/_glossa.c"],
    include_dirs=[INCLUDE],
    libraries=["m", "pthread"],
    extra_compile_args=FLAGS + ["-fvisibility=hidden"],
    # Rebuilt, library and all, when the library's sources or the model change.
    depends=LIB_SOURCES + HEADERS + [MODEL],
)

setup(
    version=VERSION,
    packages=["glossa"],
    package_data={"glossa": ["py.typed", "*.pyi"]},
    include_package_data=False,
    ext_modules=[extension],
    cmdclass={"build_ext": build_ext_with_libglossa},
)
