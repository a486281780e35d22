# make install / make uninstall, honouring PREFIX (default /usr/local), the
# directories below, and DESTDIR (a staging root, for packagers):
#   make install PREFIX=/opt/glossa
#   make install DESTDIR=/tmp/stage PREFIX=/usr
# Installs the CLI, libglossa.a, libglossa.so.X.Y.Z with its soname link
# libglossa.so.X and the link libglossa.so, glossa.h, glossa.pc, the man
# pages glossa(1) and libglossa(3) (with a page name for every function),
# and build/glossa_sqlite.so into LIBDIR/glossa/ when it has been built.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

# The version, from glossa.h's GLOSSA_VERSION_MAJOR, _MINOR and _PATCH.
GLOSSA_VERSION := $(shell awk '$$2 == "GLOSSA_VERSION_MAJOR" { a = $$3 } $$2 == "GLOSSA_VERSION_MINOR" { b = $$3 } \
                              $$2 == "GLOSSA_VERSION_PATCH" { c = $$3 } END { print a "." b "." c }' include/glossa.h)
GLOSSA_SOVERSION := $(firstword $(subst ., ,$(GLOSSA_VERSION)))
# Every function of the API, each of which gets a man page name.
open_paren := (
GLOSSA_FUNCTIONS := $(shell sed -n 's/^GLOSSA_API[^$(open_paren)]*[ *]\(glossa_[a-z_]*\)[$(open_paren)].*/\1/p' include/glossa.h)

SHLIB = libglossa.so.$(GLOSSA_VERSION)
# In glossa.pc, directories under PREFIX are written relative to ${prefix}.
pc_dir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

.PHONY: install uninstall
install: $(B)/glossa $(B)/libglossa.a $(B)/libglossa.so include/glossa.h mk/glossa.pc.in man/glossa.1 man/libglossa.3
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 755 $(B)/glossa $(DESTDIR)$(BINDIR)/glossa
	install -m 644 $(B)/libglossa.a $(DESTDIR)$(LIBDIR)/libglossa.a
	install -m 755 $(B)/libglossa.so $(DESTDIR)$(LIBDIR)/$(SHLIB)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libglossa.so.$(GLOSSA_SOVERSION)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libglossa.so
	install -m 644 include/glossa.h $(DESTDIR)$(INCLUDEDIR)/glossa.h
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@libdir@|$(call pc_dir,$(LIBDIR))|' \
	  -e 's|@includedir@|$(call pc_dir,$(INCLUDEDIR))|' -e 's|@version@|$(GLOSSA_VERSION)|' \
	  mk/glossa.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/glossa.pc
	install -m 644 man/glossa.1 $(DESTDIR)$(MANDIR)/man1/glossa.1
	install -m 644 man/libglossa.3 $(DESTDIR)$(MANDIR)/man3/libglossa.3
	for f in $(GLOSSA_FUNCTIONS); do echo '.so man3/libglossa.3' > $(DESTDIR)$(MANDIR)/man3/$$f.3; done
	if [ -f $(B)/glossa_sqlite.so ]; then install -d $(DESTDIR)$(LIBDIR)/glossa && \
	  install -m 755 $(B)/glossa_sqlite.so $(DESTDIR)$(LIBDIR)/glossa/glossa_sqlite.so; fi
	if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ]; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/glossa $(DESTDIR)$(LIBDIR)/libglossa.a $(DESTDIR)$(LIBDIR)/$(SHLIB) \
	  $(DESTDIR)$(LIBDIR)/libglossa.so.$(GLOSSA_SOVERSION) $(DESTDIR)$(LIBDIR)/libglossa.so \
	  $(DESTDIR)$(INCLUDEDIR)/glossa.h $(DESTDIR)$(PKGCONFIGDIR)/glossa.pc \
	  $(DESTDIR)$(MANDIR)/man1/glossa.1 $(DESTDIR)$(MANDIR)/man3/libglossa.3 \
	  $(GLOSSA_FUNCTIONS:%=$(DESTDIR)$(MANDIR)/man3/%.3) $(DESTDIR)$(LIBDIR)/glossa/glossa_sqlite.so
	if [ -d $(DESTDIR)$(LIBDIR)/glossa ]; then rmdir --ignore-fail-on-non-empty $(DESTDIR)$(LIBDIR)/glossa; fi

DEBIAN_PACKAGES += pkg-config man-db groff-base mandoc
CHECK_DEPS += $(B)/glossa $(B)/libglossa.a $(B)/libglossa.so
CHECK_SUITES += "sh tests/install_test.sh"
