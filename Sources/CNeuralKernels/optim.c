#include "CNeuralKernels.h"
#include <math.h>

// Exactly the Swift AdamOptimizer's operations, element by element, without contraction into FMAs, so every
// path (16 lanes, 8 lanes, scalar) and every split of the range gives the same bits.
#pragma clang fp contract(off)

static void adam_scalar(float *w, float *m, float *v, const float *const *g, long ng, long lo, long hi,
                        float alpha, float c1, float c2, float eps) {
    for (long i = lo; i < hi; i++) {
        float gs = g[0][i];
        for (long s = 1; s < ng; s++) gs = gs + g[s][i];
        float mv = m[i], vv = v[i];
        mv = mv + (gs - mv) * c1;
        vv = vv + (gs * gs - vv) * c2;
        m[i] = mv;
        v[i] = vv;
        w[i] = w[i] - (mv * alpha) / (sqrtf(vv) + eps);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"))) static long adam16(float *w, float *m, float *v, const float *const *g, long ng,
                                                      long lo, long hi, float alpha, float c1, float c2, float eps) {
    __m512 a = _mm512_set1_ps(alpha), k1 = _mm512_set1_ps(c1), k2 = _mm512_set1_ps(c2), e = _mm512_set1_ps(eps);
    long i = lo;
    for (; i + 16 <= hi; i += 16) {
        __m512 gs = _mm512_loadu_ps(g[0] + i);
        for (long s = 1; s < ng; s++) gs = _mm512_add_ps(gs, _mm512_loadu_ps(g[s] + i));
        __m512 mv = _mm512_loadu_ps(m + i), vv = _mm512_loadu_ps(v + i);
        mv = _mm512_add_ps(mv, _mm512_mul_ps(_mm512_sub_ps(gs, mv), k1));
        vv = _mm512_add_ps(vv, _mm512_mul_ps(_mm512_sub_ps(_mm512_mul_ps(gs, gs), vv), k2));
        _mm512_storeu_ps(m + i, mv);
        _mm512_storeu_ps(v + i, vv);
        __m512 step = _mm512_div_ps(_mm512_mul_ps(mv, a), _mm512_add_ps(_mm512_sqrt_ps(vv), e));
        _mm512_storeu_ps(w + i, _mm512_sub_ps(_mm512_loadu_ps(w + i), step));
    }
    return i;
}

__attribute__((target("avx"))) static long adam8(float *w, float *m, float *v, const float *const *g, long ng,
                                                 long lo, long hi, float alpha, float c1, float c2, float eps) {
    __m256 a = _mm256_set1_ps(alpha), k1 = _mm256_set1_ps(c1), k2 = _mm256_set1_ps(c2), e = _mm256_set1_ps(eps);
    long i = lo;
    for (; i + 8 <= hi; i += 8) {
        __m256 gs = _mm256_loadu_ps(g[0] + i);
        for (long s = 1; s < ng; s++) gs = _mm256_add_ps(gs, _mm256_loadu_ps(g[s] + i));
        __m256 mv = _mm256_loadu_ps(m + i), vv = _mm256_loadu_ps(v + i);
        mv = _mm256_add_ps(mv, _mm256_mul_ps(_mm256_sub_ps(gs, mv), k1));
        vv = _mm256_add_ps(vv, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gs, gs), vv), k2));
        _mm256_storeu_ps(m + i, mv);
        _mm256_storeu_ps(v + i, vv);
        __m256 step = _mm256_div_ps(_mm256_mul_ps(mv, a), _mm256_add_ps(_mm256_sqrt_ps(vv), e));
        _mm256_storeu_ps(w + i, _mm256_sub_ps(_mm256_loadu_ps(w + i), step));
    }
    return i;
}
#endif

void lunar_adam_update(float *w, float *m, float *v, const float *const *g, long ng, long lo, long hi,
                       float alpha, float c1, float c2, float eps) {
    long i = lo;
#if defined(__x86_64__)
    int lanes = lunar_cell_lanes();
    if (lanes >= 16) i = adam16(w, m, v, g, ng, lo, hi, alpha, c1, c2, eps);
    else if (lanes >= 8) i = adam8(w, m, v, g, ng, lo, hi, alpha, c1, c2, eps);
#endif
    adam_scalar(w, m, v, g, ng, i, hi, alpha, c1, c2, eps);
}

// Dropout masks from 64-bit random words: element 2i uses bits 40–63 of word i, element 2i + 1 bits 8–31; kept
// (mask = keep) when the 24-bit value is ≥ threshold, else mask = +0; out = x · mask. Branch-free so it
// vectorises (the draws are random: branches would mispredict half the time).
void lunar_dropout_apply(const unsigned long long *words, long count, unsigned int threshold, float keep,
                         const float *x, float *mask, float *out) {
    long pairs = count / 2;
    for (long i = 0; i < pairs; i++) {
        unsigned long long b = words[i];
        unsigned int u0 = (unsigned int)(b >> 40), u1 = (unsigned int)(b >> 8) & 0xffffffu;
        float m0 = u0 >= threshold ? keep : 0.0f, m1 = u1 >= threshold ? keep : 0.0f;
        mask[2 * i] = m0;
        mask[2 * i + 1] = m1;
        out[2 * i] = x[2 * i] * m0;
        out[2 * i + 1] = x[2 * i + 1] * m1;
    }
    if (count & 1) {
        unsigned int u0 = (unsigned int)(words[pairs] >> 40);
        float m0 = u0 >= threshold ? keep : 0.0f;
        mask[count - 1] = m0;
        out[count - 1] = x[count - 1] * m0;
    }
}
