// Included twice by kernels.c with V (vector type), W (lanes), P(name) (prefix) and the intrinsic macros set.
#pragma clang fp contract(off)

static inline __attribute__((always_inline)) V P(exp)(V input) {
    V x0 = MAX(SET1(-87.3f), input);  // max/min(const, x) keep a NaN x, like the Swift compare-and-select
    x0 = MIN(SET1(88.7f), x0);
    const V magic = SET1(12582912.0f);
    V t = ADD(MUL(x0, SET1(1.44269504f)), magic);
    V fx = SUB(t, magic);
    V x = FMA(fx, SET1(-0.693359375f), x0);
    x = FMA(fx, SET1(2.1219444e-4f), x);
    V z = MUL(x, x);
    V y = SET1(1.9875691500e-4f);
    y = FMA(y, x, SET1(1.3981999507e-3f));
    y = FMA(y, x, SET1(8.3334519073e-3f));
    y = FMA(y, x, SET1(4.1665795894e-2f));
    y = FMA(y, x, SET1(1.6666665459e-1f));
    y = FMA(y, x, SET1(5.0000001201e-1f));
    y = FMA(y, z, ADD(x, SET1(1.0f)));
    VI bits = SLLI(IADD(ISUB(CASTI(t), ISET1(0x4b400000)), ISET1(127)), 23);
    return MUL(y, CASTF(bits));
}

static inline __attribute__((always_inline)) V P(sigmoid)(V x) {
    return DIV(SET1(1.0f), ADD(SET1(1.0f), P(exp)(NEG(x))));
}

static inline __attribute__((always_inline)) V P(tanh)(V x) {
    return SUB(DIV(SET1(2.0f), ADD(SET1(1.0f), P(exp)(MUL(SET1(-2.0f), x)))), SET1(1.0f));
}

// 1/d from the hardware estimate refined by one Newton step, r + r·(1 − d·r): within 2 ulp of the division for
// normal results (a result below 2^-126 becomes 0), several times cheaper than a vector divide.
static inline __attribute__((always_inline)) V P(recip)(V d) {
    V r = RCP(d);
    return FMA(r, FNMA(d, r, SET1(1.0f)), r);
}

#ifdef SCALEF
// exp for inference (AVX-512): x = (32n + j)·ln2/32 + r with |r| ≤ ln2/64, exp(x) = 2^n · 2^(j/32) · e^r, the 32
// values 2^(j/32) from a two-register table lookup, e^r = 1 + r + r²/2 + r³/6 (error < 6e-10), 2^n by scalef
// (which also gives 0 for a large negative x; the upper clamp keeps 1 + exp finite for P(recip)). About 1 ulp,
// and three fewer multiply-adds than P(exp): the FMA pipes are what limit the gate kernel.
static const float exp2_table[32] __attribute__((aligned(64))) = {
    1.000000000e+00f, 1.021897197e+00f, 1.044273734e+00f, 1.067140460e+00f, 1.090507746e+00f, 1.114386797e+00f,
    1.138788581e+00f, 1.163724899e+00f, 1.189207077e+00f, 1.215247393e+00f, 1.241857767e+00f, 1.269050956e+00f,
    1.296839595e+00f, 1.325236678e+00f, 1.354255557e+00f, 1.383909941e+00f, 1.414213538e+00f, 1.445180774e+00f,
    1.476826191e+00f, 1.509164453e+00f, 1.542210817e+00f, 1.575980902e+00f, 1.610490322e+00f, 1.645755529e+00f,
    1.681792855e+00f, 1.718619347e+00f, 1.756252170e+00f, 1.794709086e+00f, 1.834008098e+00f, 1.874167681e+00f,
    1.915206552e+00f, 1.957144141e+00f};

static inline __attribute__((always_inline)) V P(exp_fast)(V input) {
    V x0 = MIN(SET1(88.0f), MAX(SET1(-104.0f), input));  // keeps a NaN input; −∞ gives 0, not NaN
    V k = ROUND(MUL(x0, SET1(46.16624069f)));            // round(x · 32/ln2)
    V r = FMA(k, SET1(-0.02165985107421875f), x0);      // ln2/32 in two parts: k · hi is exact for |k| < 2^12
    r = FMA(k, SET1(-9.983182281e-07f), r);
    V p = FMA(FMA(FMA(SET1(1.0f / 6.0f), r, SET1(0.5f)), r, SET1(1.0f)), r, SET1(1.0f));
    VI ki = CVTI(k);
    V tj = PERMUTE2(LOAD(exp2_table), ki, LOAD(exp2_table + 16));  // index bits 0–4: j
    return SCALEF(MUL(p, tj), CVTF(SRAI(ki, 5)));
}
#else
static inline __attribute__((always_inline)) V P(exp_fast)(V input) { return P(exp)(input); }
#endif

// The activations: with fast (inference), exp_fast and the reciprocal above instead of a division.
static inline __attribute__((always_inline)) V P(sig)(V x, int fast) {
    return fast ? P(recip)(ADD(SET1(1.0f), P(exp_fast)(NEG(x)))) : P(sigmoid)(x);
}

static inline __attribute__((always_inline)) V P(th)(V x, int fast) {
    return fast ? SUB(MUL(SET1(2.0f), P(recip)(ADD(SET1(1.0f), P(exp_fast)(MUL(SET1(-2.0f), x))))), SET1(1.0f))
                : P(tanh)(x);
}


static inline __attribute__((always_inline)) void P(fwd)(float *zr, const float *bias, const float *cp, float *cr,
                                                       float *tr, float *hr, long u, long j, int mode) {
    const int fast = mode == 1, store = mode == 0;
    V i = P(sig)(ADD(LOAD(zr + j), LOAD(bias + j)), fast);
    V f = P(sig)(ADD(LOAD(zr + u + j), LOAD(bias + u + j)), fast);
    V g = P(th)(ADD(LOAD(zr + 2 * u + j), LOAD(bias + 2 * u + j)), fast);
    V o = P(sig)(ADD(LOAD(zr + 3 * u + j), LOAD(bias + 3 * u + j)), fast);
    if (store) {  // inference needs neither the activated gates nor tanh(c) afterwards
        STORE(zr + j, i);
        STORE(zr + u + j, f);
        STORE(zr + 2 * u + j, g);
        STORE(zr + 3 * u + j, o);
    }
    V cv = ADD(MUL(f, LOAD(cp + j)), MUL(i, g));
    V tv = P(th)(cv, fast);
    STORE(cr + j, cv);
    if (store) STORE(tr + j, tv);
    STORE(hr + j, MUL(o, tv));
}

static inline __attribute__((always_inline)) void P(bwd)(const float *gr, const float *cp, const float *tr,
                                                       const float *dhr, float *dcr, float *dzr, long u, long j) {
    const V one = SET1(1.0f);
    V i = LOAD(gr + j), f = LOAD(gr + u + j), g = LOAD(gr + 2 * u + j), o = LOAD(gr + 3 * u + j);
    V t = LOAD(tr + j), dhv = LOAD(dhr + j);
    V dcv = ADD(LOAD(dcr + j), MUL(MUL(dhv, o), SUB(one, MUL(t, t))));
    STORE(dzr + j, MUL(MUL(MUL(dcv, g), i), SUB(one, i)));
    STORE(dzr + u + j, MUL(MUL(MUL(dcv, LOAD(cp + j)), f), SUB(one, f)));
    STORE(dzr + 2 * u + j, MUL(MUL(dcv, i), SUB(one, MUL(g, g))));
    STORE(dzr + 3 * u + j, MUL(MUL(MUL(dhv, t), o), SUB(one, o)));
    STORE(dcr + j, MUL(dcv, f));
}

// Two chunks (j and j + W) interleaved so their long exp/divide chains overlap; the same operations as P(fwd).
static inline __attribute__((always_inline)) void P(fwd2)(float *zr, const float *bias, const float *cp, float *cr,
                                                        float *tr, float *hr, long u, long j, int mode) {
    const int fast = mode == 1, store = mode == 0;
    const long k = j + W;
    V i0 = P(sig)(ADD(LOAD(zr + j), LOAD(bias + j)), fast);
    V i1 = P(sig)(ADD(LOAD(zr + k), LOAD(bias + k)), fast);
    V f0 = P(sig)(ADD(LOAD(zr + u + j), LOAD(bias + u + j)), fast);
    V f1 = P(sig)(ADD(LOAD(zr + u + k), LOAD(bias + u + k)), fast);
    V g0 = P(th)(ADD(LOAD(zr + 2 * u + j), LOAD(bias + 2 * u + j)), fast);
    V g1 = P(th)(ADD(LOAD(zr + 2 * u + k), LOAD(bias + 2 * u + k)), fast);
    V o0 = P(sig)(ADD(LOAD(zr + 3 * u + j), LOAD(bias + 3 * u + j)), fast);
    V o1 = P(sig)(ADD(LOAD(zr + 3 * u + k), LOAD(bias + 3 * u + k)), fast);
    V c0 = ADD(MUL(f0, LOAD(cp + j)), MUL(i0, g0));
    V c1 = ADD(MUL(f1, LOAD(cp + k)), MUL(i1, g1));
    V t0 = P(th)(c0, fast);
    V t1 = P(th)(c1, fast);
    if (store) {
        STORE(zr + j, i0);
        STORE(zr + k, i1);
        STORE(zr + u + j, f0);
        STORE(zr + u + k, f1);
        STORE(zr + 2 * u + j, g0);
        STORE(zr + 2 * u + k, g1);
        STORE(zr + 3 * u + j, o0);
        STORE(zr + 3 * u + k, o1);
    }
    STORE(cr + j, c0);
    STORE(cr + k, c1);
    if (store) {
        STORE(tr + j, t0);
        STORE(tr + k, t1);
    }
    STORE(hr + j, MUL(o0, t0));
    STORE(hr + k, MUL(o1, t1));
}
