/* Umbrella header for libedit's readline emulation (Debian libedit-dev; pkg-config libedit). */
#include <stdio.h>
#include <editline/readline.h>
