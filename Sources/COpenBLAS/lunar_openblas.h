/* Umbrella header for the system OpenBLAS (Debian libopenblas-dev; pkg-config openblas). */
#include <cblas.h>
