#include "CNeuralKernels.h"
#include <sched.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define PAUSE() _mm_pause()
#else
#define PAUSE() ((void)0)
#endif

int lunar_task_claim(int *flag) {
    int expected = 0;
    return __atomic_compare_exchange_n(flag, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

int lunar_task_done(int *counter) { return __atomic_add_fetch(counter, 1, __ATOMIC_ACQ_REL); }

void lunar_task_wait(const int *counter, int value) {
    // the partner is computing a claimed task (a few µs at most); yield after ~10 µs of spinning in case it was
    // descheduled
    for (long spins = 0; __atomic_load_n(counter, __ATOMIC_ACQUIRE) < value; spins++) {
        if (spins < 4096) PAUSE();
        else sched_yield();
    }
}

int lunar_atomic_load(const int *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }

void lunar_atomic_store(int *p, int value) { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }

int lunar_spin_while_equal(const int *p, int value, long spins) {
    for (long i = 0; i < spins; i++) {
        if (__atomic_load_n(p, __ATOMIC_ACQUIRE) != value) return 1;
        PAUSE();
    }
    return __atomic_load_n(p, __ATOMIC_ACQUIRE) != value;
}
