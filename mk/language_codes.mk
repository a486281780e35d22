# ISO 639 codes (src/language_codes.c), by which tags are matched as BCP 47
# lookup matches them: tools/gen_language_codes.py reads Debian's iso-codes and
# the npm packages language-subtag-registry and cldr-core (tools/priors, which
# priors-deps installs).
#   make language-codes  regenerate src/language_codes.c
# make check compares a fresh run of the generator with the committed table
# (tests/language_codes_test.sh).
ISO_CODES = /usr/share/iso-codes
DEBIAN_PACKAGES += iso-codes

.PHONY: language-codes
language-codes: deps
	python3 tools/gen_language_codes.py $(ISO_CODES) $(PRIORS_DIR)/node_modules > src/language_codes.c.tmp
	mv src/language_codes.c.tmp src/language_codes.c

CHECK_SUITES += "sh tests/language_codes_test.sh $(ISO_CODES) $(PRIORS_DIR)/node_modules"
