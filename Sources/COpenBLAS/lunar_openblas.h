/* Umbrella header for the system OpenBLAS (Debian libopenblas-dev; pkg-config openblas). */
#include <cblas.h>

#include <dlfcn.h>

/* Stops OpenBLAS's own worker threads through blas_thread_shutdown_ (exported by the threaded builds, used by their
   fork handler). Lunar runs OpenBLAS single-threaded inside its own threads; OpenBLAS's workers otherwise spin on
   sched_yield for ~0.1 s after the library loads, taking a core from Lunar's threads. Looked up at run time, so a
   serial OpenBLAS (no such symbol, no threads) links and runs too. */
static inline void lunar_openblas_stop_threads(void) {
    void *self = dlopen(0, RTLD_LAZY);
    if (!self) return;
    void (*shutdown)(void) = (void (*)(void))dlsym(self, "blas_thread_shutdown_");
    if (shutdown) shutdown();
    dlclose(self);
}
