#ifndef CNEURALKERNELS_H
#define CNEURALKERNELS_H

/// Element-wise LSTM gate kernels with AVX2+FMA (8 lanes) or AVX-512 (16 lanes), chosen at run time.
///
/// They do exactly the operations of NeuralNet's Swift kernels (VectorMath.exp with FMA, sigmoid, tanh, the cell
/// update) lane by lane, so every path gives the same bits. Pointers may alias where the Swift kernels allow it
/// (c may equal cPrev).

/// Lanes of the kernel in use: 16, 8, or 0 when the CPU has no AVX2+FMA (callers then use the Swift kernels).
/// `LUNAR_SIMD=8` or `LUNAR_SIMD=0` in the environment caps it (for measurements).
int lunar_cell_lanes(void);

/// LSTMCell.forward: z (batch × 4u, without bias) becomes the activated gates i, f, g, o; writes c, tanh(c), h.
void lunar_cell_forward(float *z, const float *bias, const float *cPrev, float *c, float *tanhC, float *h,
                        long batch, long units);

/// lunar_cell_forward that also copies each row of h to h2 + b·ldh2 (when h2 is not NULL), e.g. into the
/// [x | h] rows of the next training step.
void lunar_cell_forward2(float *z, const float *bias, const float *cPrev, float *c, float *tanhC, float *h,
                         long batch, long units, float *h2, long ldh2);

/// lunar_cell_forward2 for inference: 1/d as the hardware reciprocal estimate refined by one Newton step instead
/// of a division in sigmoid and tanh (within 2 ulp of the division), and with AVX-512 exp's 2^n by scalef. Not
/// bit-identical to the Swift kernels (training uses lunar_cell_forward2). Row b adds bias + b·ldbias (ldbias 0:
/// one bias for every row; 4u: a per-row addend such as a precomputed input projection with the bias in it).
/// Writes c and h (and h2) only: z and tanhC are left as they are (nothing reads them in inference).
void lunar_cell_forward_inference(float *z, const float *bias, long ldbias, const float *cPrev, float *c,
                                  float *tanhC, float *h, long batch, long units, float *h2, long ldh2);

/// LSTMCell.backward: gate gradients dZ (batch × 4u) from dh and dc; leaves dc·f in dc.
void lunar_cell_backward(const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
                         float *dZ, long batch, long units);

/// One Adam step on elements lo..<hi: gradient = g[0] + g[1] + … + g[ng-1] (in that order), then
/// m += (g − m)·c1; v += (g² − v)·c2; w −= (m·alpha) / (√v + eps), each operation rounded (no FMA), as the Swift
/// AdamOptimizer: the same bits on every path and for every split of the range.
void lunar_adam_update(float *w, float *m, float *v, const float *const *g, long ng, long lo, long hi,
                       float alpha, float c1, float c2, float eps);

/// Dropout: mask[2i] from bits 40–63 of words[i], mask[2i+1] from bits 8–31 (keep when ≥ threshold, else +0);
/// out = x · mask. words holds ⌈count / 2⌉ values.
void lunar_dropout_apply(const unsigned long long *words, long count, unsigned int threshold, float keep,
                         const float *x, float *mask, float *out);

/// Tasks shared by two threads that may or may not run at the same time (a thread that finds its partner absent
/// claims every task itself, so nothing waits for a thread that never comes). lunar_task_claim: 1 if this call
/// changed *flag from 0 to 1 (the task is the caller's). lunar_task_done: adds 1 to *counter (release) and returns
/// the new count. lunar_task_wait: returns once *counter ≥ value (acquire); spins, then yields.
int lunar_task_claim(int *flag);
int lunar_task_done(int *counter);
void lunar_task_wait(const int *counter, int value);

/// Sequentially consistent load and store (WorkerPool's hand-over), and a bounded spin: 1 as soon as *p differs
/// from value, 0 if it still equals it after `spins` pause instructions.
int lunar_atomic_load(const int *p);
void lunar_atomic_store(int *p, int value);
int lunar_spin_while_equal(const int *p, int value, long spins);

#endif
