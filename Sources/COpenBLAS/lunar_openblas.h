/* Umbrella header for the system OpenBLAS (Debian libopenblas-dev; pkg-config openblas). */
#include <cblas.h>

/* Stops OpenBLAS's own worker threads (exported by libopenblas, used by its fork handler). Lunar runs OpenBLAS
   single-threaded inside its own threads; OpenBLAS's workers otherwise spin on sched_yield for ~0.1 s after the
   library loads, taking a core from Lunar's threads. */
extern void blas_thread_shutdown_(void);
