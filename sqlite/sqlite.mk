# The SQLite extension: build/glossa_sqlite.so, with the library linked in
# from its PIC objects (`.load build/glossa_sqlite` in the sqlite3 shell).
# Needs Debian's libsqlite3-dev; the test needs the sqlite3 shell, and
# compares with the CLI.
$(B)/glossa_sqlite.so: sqlite/glossa_sqlite.c sqlite/glossa_sqlite.map include/glossa.h $(LIB_PIC)
	$(CC) $(CFLAGS_ALL) -fPIC -fvisibility=hidden -shared -Wl,-z,defs \
	  -Wl,--version-script=sqlite/glossa_sqlite.map sqlite/glossa_sqlite.c $(LIB_PIC) -lpthread -lm -o $@

DEBIAN_PACKAGES += libsqlite3-dev sqlite3
CHECK_DEPS += $(B)/glossa_sqlite.so $(B)/glossa
CHECK_SUITES += "sh tests/sqlite_test.sh $(B)/glossa_sqlite.so $(B)/glossa"
