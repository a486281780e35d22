# Language priors (src/language_priors.c): how many people write each corpus
# language, from CLDR's territory data in the npm package cldr-core (pinned in
# tools/priors/package.json, installed into tools/priors/node_modules, with
# language-subtag-registry for mk/language_codes.mk).
#   make priors       regenerate src/language_priors.c (installs cldr-core if missing)
#   make priors-deps  install the npm packages if missing (make deps runs it)
# make check compares a fresh run of the generator with the committed table
# (tests/priors_test.sh).
PRIORS_DIR = tools/priors
CLDR_CORE = $(PRIORS_DIR)/node_modules/cldr-core
SUBTAG_REGISTRY = $(PRIORS_DIR)/node_modules/language-subtag-registry

.PHONY: priors priors-deps
# npm from Debian when there is no npm at all: nodejs from elsewhere (such as
# NodeSource's) ships its own npm and conflicts with Debian's npm package,
# so npm is not in DEBIAN_PACKAGES.
priors-deps:
	@command -v npm >/dev/null 2>&1 || sh tools/install_deps.sh nodejs npm
	@test -f $(CLDR_CORE)/package.json -a -f $(SUBTAG_REGISTRY)/package.json || \
	  npm install --prefix $(PRIORS_DIR) --no-audit --no-fund
deps: priors-deps
DEBIAN_PACKAGES += nodejs

priors: priors-deps
	python3 tools/gen_priors.py $(CLDR_CORE) $(CORPUS)/languages.tsv > src/language_priors.c.tmp
	mv src/language_priors.c.tmp src/language_priors.c

CHECK_SUITES += "sh tests/priors_test.sh $(CORPUS)"
