// SQLite 3 (Debian: libsqlite3-dev) for the Trading journal.
#include <sqlite3.h>
