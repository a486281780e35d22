# The Python binding (python/): built by pip into a throwaway venv of
# Debian's python3 that sees Debian's packages (pytest, mypy, dask), and tested by
# `make check` (python/tests/run.py ends with "python: N passed, M failed").
#   make python-check     build, install and test only the binding
#   make bench-python     detect_many against a loop over detect: texts per second
PY_VENV = $(B)/pyvenv
PY_INSTALLED = $(PY_VENV)/.glossa-installed
PY_SUITE = GLOSSA_CLI=$(B)/glossa GLOSSA_CORPUS=$(CORPUS) $(PY_VENV)/bin/python python/tests/run.py

# pip: python/tests/test_install.py runs README.md's `python3 -m pip wheel`.
DEBIAN_PACKAGES += python3-dev python3-venv python3-pip python3-setuptools python3-wheel python3-pytest \
                   python3-mypy python3-dask python3-distributed
CHECK_DEPS += $(PY_INSTALLED) $(B)/glossa
CHECK_SUITES += "$(PY_SUITE)"

$(PY_INSTALLED): python/setup.py python/pyproject.toml $(wildcard python/glossa/*) \
                 $(LIB_SRC) src/*.h include/glossa.h $(MODEL)
	test -x $(PY_VENV)/bin/python || /usr/bin/python3 -m venv --system-site-packages $(PY_VENV)
	PIP_DISABLE_PIP_VERSION_CHECK=1 $(PY_VENV)/bin/pip install --quiet --no-build-isolation --no-index ./python
	touch $@

.PHONY: python-check bench-python
python-check: $(PY_INSTALLED) $(B)/glossa
	@$(PY_SUITE)
bench-python: $(PY_INSTALLED)
	$(PY_VENV)/bin/python bench/detect_many.py $(CORPUS)
