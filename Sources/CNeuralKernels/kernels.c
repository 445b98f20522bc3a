#include "CNeuralKernels.h"
#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

// ---- 8 lanes: AVX2 + FMA ----
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define V __m256
#define W 8
#define VI __m256i
#define P(name) v8_##name
#define SET1 _mm256_set1_ps
#define ISET1 _mm256_set1_epi32
#define ADD _mm256_add_ps
#define SUB _mm256_sub_ps
#define NEG(x) _mm256_xor_ps(x, _mm256_set1_ps(-0.0f))
#define MUL _mm256_mul_ps
#define DIV _mm256_div_ps
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define FNMA(a, b, c) _mm256_fnmadd_ps(a, b, c)
#define RCP _mm256_rcp_ps
#define MAX _mm256_max_ps
#define MIN _mm256_min_ps
#define LOAD _mm256_loadu_ps
#define STORE _mm256_storeu_ps
#define CASTI _mm256_castps_si256
#define CASTF _mm256_castsi256_ps
#define IADD _mm256_add_epi32
#define ISUB _mm256_sub_epi32
#define SLLI _mm256_slli_epi32
#include "kernels_impl.h"
#undef V
#undef W
#undef VI
#undef P
#undef SET1
#undef ISET1
#undef ADD
#undef SUB
#undef NEG
#undef MUL
#undef DIV
#undef FMA
#undef FNMA
#undef RCP
#undef MAX
#undef MIN
#undef LOAD
#undef STORE
#undef CASTI
#undef CASTF
#undef IADD
#undef ISUB
#undef SLLI

// one row of units: 8-lane chunks, then a zero-padded tail through the same vector code
static inline __attribute__((always_inline)) void v8_forward_row(float *zr, const float *bias, const float *cp,
                                                                 float *cr, float *tr, float *hr, long u, int mode) {
    long j = 0;
    for (; j + 16 <= u; j += 16) v8_fwd2(zr, bias, cp, cr, tr, hr, u, j, mode);
    for (; j + 8 <= u; j += 8) v8_fwd(zr, bias, cp, cr, tr, hr, u, j, mode);
    if (j < u) {
        long n = u - j;
        float z[32] = {0}, b[32] = {0}, c0[8] = {0}, c1[8] = {0}, t1[8] = {0}, h1[8] = {0};
        for (int k = 0; k < 4; k++) {
            memcpy(z + 8 * k, zr + k * u + j, n * sizeof(float));
            memcpy(b + 8 * k, bias + k * u + j, n * sizeof(float));
        }
        memcpy(c0, cp + j, n * sizeof(float));
        v8_fwd(z, b, c0, c1, t1, h1, 8, 0, mode);
        for (int k = 0; k < 4; k++) memcpy(zr + k * u + j, z + 8 * k, n * sizeof(float));
        memcpy(cr + j, c1, n * sizeof(float));
        memcpy(tr + j, t1, n * sizeof(float));
        memcpy(hr + j, h1, n * sizeof(float));
    }
}

static void v8_backward_row(const float *gr, const float *cp, const float *tr, const float *dhr, float *dcr,
                            float *dzr, long u) {
    long j = 0;
    for (; j + 8 <= u; j += 8) v8_bwd(gr, cp, tr, dhr, dcr, dzr, u, j);
    if (j < u) {
        long n = u - j;
        float g[32] = {0}, c0[8] = {0}, t[8] = {0}, dh[8] = {0}, dc[8] = {0}, dz[32];
        for (int k = 0; k < 4; k++) memcpy(g + 8 * k, gr + k * u + j, n * sizeof(float));
        memcpy(c0, cp + j, n * sizeof(float));
        memcpy(t, tr + j, n * sizeof(float));
        memcpy(dh, dhr + j, n * sizeof(float));
        memcpy(dc, dcr + j, n * sizeof(float));
        v8_bwd(g, c0, t, dh, dc, dz, 8, 0);
        for (int k = 0; k < 4; k++) memcpy(dzr + k * u + j, dz + 8 * k, n * sizeof(float));
        memcpy(dcr + j, dc, n * sizeof(float));
    }
}

static inline __attribute__((always_inline)) void v8_forward_impl(float *z, const float *bias, long ldbias,
                                                                  const float *cPrev, float *c, float *tanhC,
                                                                  float *h, long batch, long u, float *h2, long ldh2,
                                                                  int mode) {
    for (long b = 0; b < batch; b++) {
        v8_forward_row(z + b * 4 * u, bias + b * ldbias, cPrev + b * u, c + b * u, tanhC + b * u, h + b * u, u,
                       mode);
        if (h2) memcpy(h2 + b * ldh2, h + b * u, u * sizeof(float));
    }
}

// mode 0: exact (divisions, every output stored, for training), 1: inference (reciprocal estimate, table exp on
// AVX-512, c and h only); each a separate instantiation of the always-inline body
static void v8_forward(float *z, const float *bias, long ldbias, const float *cPrev, float *c, float *tanhC,
                       float *h, long batch, long u, float *h2, long ldh2, int mode) {
    if (mode == 1) v8_forward_impl(z, bias, ldbias, cPrev, c, tanhC, h, batch, u, h2, ldh2, 1);
    else v8_forward_impl(z, bias, ldbias, cPrev, c, tanhC, h, batch, u, h2, ldh2, 0);
}

static void v8_backward(const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
                        float *dZ, long batch, long u) {
    for (long b = 0; b < batch; b++)
        v8_backward_row(gates + b * 4 * u, cPrev + b * u, tanhC + b * u, dh + b * u, dc + b * u, dZ + b * 4 * u, u);
}
#pragma clang attribute pop

// ---- 16 lanes: AVX-512F (+ the 8-lane code for a remainder of 8..15 units) ----
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#define V __m512
#define W 16
#define VI __m512i
#define P(name) v16_##name
#define SET1 _mm512_set1_ps
#define ISET1 _mm512_set1_epi32
#define ADD _mm512_add_ps
#define SUB _mm512_sub_ps
#define NEG(x) _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000)))
#define MUL _mm512_mul_ps
#define DIV _mm512_div_ps
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define FNMA(a, b, c) _mm512_fnmadd_ps(a, b, c)
#define RCP _mm512_rcp14_ps
#define SCALEF _mm512_scalef_ps
#define ROUND(x) _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define CVTI _mm512_cvtps_epi32
#define CVTF _mm512_cvtepi32_ps
#define SRAI _mm512_srai_epi32
#define PERMUTE2 _mm512_permutex2var_ps
#define MAX _mm512_max_ps
#define MIN _mm512_min_ps
#define LOAD _mm512_loadu_ps
#define STORE _mm512_storeu_ps
#define CASTI _mm512_castps_si512
#define CASTF _mm512_castsi512_ps
#define IADD _mm512_add_epi32
#define ISUB _mm512_sub_epi32
#define SLLI _mm512_slli_epi32
#include "kernels_impl.h"

static inline __attribute__((always_inline)) void v16_forward_impl(float *z, const float *biases, long ldbias,
                                                                   const float *cPrev, float *c, float *tanhC,
                                                                   float *h, long batch, long u, float *h2,
                                                                   long ldh2, int mode) {
    long full = u & ~15L;
    for (long b = 0; b < batch; b++) {
        float *zr = z + b * 4 * u;
        const float *bias = biases + b * ldbias;
        const float *cp = cPrev + b * u;
        float *cr = c + b * u, *tr = tanhC + b * u, *hr = h + b * u;
        long j = 0;
        for (; j + 32 <= full; j += 32) v16_fwd2(zr, bias, cp, cr, tr, hr, u, j, mode);
        for (; j < full; j += 16) v16_fwd(zr, bias, cp, cr, tr, hr, u, j, mode);
        for (j = full; j + 8 <= u; j += 8) v8_fwd(zr, bias, cp, cr, tr, hr, u, j, mode);  // caller: u % 8 == 0
        if (h2) {  // u is a multiple of 8: vector copies, no memcpy call per row
            float *d = h2 + b * ldh2;
            for (j = 0; j < full; j += 16) _mm512_storeu_ps(d + j, _mm512_loadu_ps(hr + j));
            for (j = full; j + 8 <= u; j += 8) _mm256_storeu_ps(d + j, _mm256_loadu_ps(hr + j));
        }
    }
}

static void v16_forward(float *z, const float *bias, long ldbias, const float *cPrev, float *c, float *tanhC,
                        float *h, long batch, long u, float *h2, long ldh2, int mode) {
    if (mode == 1) v16_forward_impl(z, bias, ldbias, cPrev, c, tanhC, h, batch, u, h2, ldh2, 1);
    else v16_forward_impl(z, bias, ldbias, cPrev, c, tanhC, h, batch, u, h2, ldh2, 0);
}

static void v16_backward(const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
                         float *dZ, long batch, long u) {
    long full = u & ~15L;
    for (long b = 0; b < batch; b++) {
        const float *gr = gates + b * 4 * u, *cp = cPrev + b * u, *tr = tanhC + b * u, *dhr = dh + b * u;
        float *dcr = dc + b * u, *dzr = dZ + b * 4 * u;
        for (long j = 0; j < full; j += 16) v16_bwd(gr, cp, tr, dhr, dcr, dzr, u, j);
        for (long j = full; j + 8 <= u; j += 8) v8_bwd(gr, cp, tr, dhr, dcr, dzr, u, j);
    }
}
#pragma clang attribute pop

static int detect(void) {
    __builtin_cpu_init();
    int lanes = 0;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) lanes = 8;
    if (lanes && __builtin_cpu_supports("avx512f")) lanes = 16;
    const char *cap = getenv("LUNAR_SIMD");
    if (cap && *cap) {
        int n = atoi(cap);
        if (n < lanes) lanes = n >= 16 ? 16 : n >= 8 ? 8 : 0;
    }
    return lanes;
}

static int lanes_cache = -1;

int lunar_cell_lanes(void) {
    int l = __atomic_load_n(&lanes_cache, __ATOMIC_RELAXED);
    if (l < 0) {
        l = detect();
        __atomic_store_n(&lanes_cache, l, __ATOMIC_RELAXED);
    }
    return l;
}

static void forward_any(float *z, const float *bias, long ldbias, const float *cPrev, float *c, float *tanhC,
                        float *h, long batch, long units, float *h2, long ldh2, int mode) {
    int l = lunar_cell_lanes();
    // 16 lanes only when a row has a full 16-lane chunk and no tail below 8 (else the 8-lane path)
    if (l == 16 && units >= 16 && units % 8 == 0)
        v16_forward(z, bias, ldbias, cPrev, c, tanhC, h, batch, units, h2, ldh2, mode);
    else v8_forward(z, bias, ldbias, cPrev, c, tanhC, h, batch, units, h2, ldh2, mode);
}

void lunar_cell_forward2(float *z, const float *bias, const float *cPrev, float *c, float *tanhC, float *h,
                         long batch, long units, float *h2, long ldh2) {
    forward_any(z, bias, 0, cPrev, c, tanhC, h, batch, units, h2, ldh2, 0);
}

void lunar_cell_forward_inference(float *z, const float *bias, long ldbias, const float *cPrev, float *c,
                                  float *tanhC, float *h, long batch, long units, float *h2, long ldh2) {
    forward_any(z, bias, ldbias, cPrev, c, tanhC, h, batch, units, h2, ldh2, 1);
}

void lunar_cell_forward(float *z, const float *bias, const float *cPrev, float *c, float *tanhC, float *h,
                        long batch, long units) {
    lunar_cell_forward2(z, bias, cPrev, c, tanhC, h, batch, units, 0, 0);
}

void lunar_cell_backward(const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
                         float *dZ, long batch, long units) {
    int l = lunar_cell_lanes();
    if (l == 16 && units >= 16 && units % 8 == 0) v16_backward(gates, cPrev, tanhC, dh, dc, dZ, batch, units);
    else v8_backward(gates, cPrev, tanhC, dh, dc, dZ, batch, units);
}

#else
int lunar_cell_lanes(void) { return 0; }
void lunar_cell_forward(float *z, const float *bias, const float *cPrev, float *c, float *tanhC, float *h,
                        long batch, long units) { abort(); }
void lunar_cell_forward2(float *z, const float *bias, const float *cPrev, float *c, float *tanhC, float *h,
                         long batch, long units, float *h2, long ldh2) { abort(); }
void lunar_cell_backward(const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
                         float *dZ, long batch, long units) { abort(); }
void lunar_cell_forward_inference(float *z, const float *bias, long ldbias, const float *cPrev, float *c,
                                  float *tanhC, float *h, long batch, long units, float *h2, long ldh2) { abort(); }
#endif
