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

/// LSTMCell.backward: gate gradients dZ (batch × 4u) from dh and dc; leaves dc·f in dc.
void lunar_cell_backward(const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
                         float *dZ, long batch, long units);

#endif
