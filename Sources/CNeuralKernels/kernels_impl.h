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

static inline __attribute__((always_inline)) void P(fwd)(float *zr, const float *bias, const float *cp, float *cr,
                                                       float *tr, float *hr, long u, long j) {
    V i = P(sigmoid)(ADD(LOAD(zr + j), LOAD(bias + j)));
    V f = P(sigmoid)(ADD(LOAD(zr + u + j), LOAD(bias + u + j)));
    V g = P(tanh)(ADD(LOAD(zr + 2 * u + j), LOAD(bias + 2 * u + j)));
    V o = P(sigmoid)(ADD(LOAD(zr + 3 * u + j), LOAD(bias + 3 * u + j)));
    STORE(zr + j, i);
    STORE(zr + u + j, f);
    STORE(zr + 2 * u + j, g);
    STORE(zr + 3 * u + j, o);
    V cv = ADD(MUL(f, LOAD(cp + j)), MUL(i, g));
    V tv = P(tanh)(cv);
    STORE(cr + j, cv);
    STORE(tr + j, tv);
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
                                                        float *tr, float *hr, long u, long j) {
    const long k = j + W;
    V i0 = P(sigmoid)(ADD(LOAD(zr + j), LOAD(bias + j)));
    V i1 = P(sigmoid)(ADD(LOAD(zr + k), LOAD(bias + k)));
    V f0 = P(sigmoid)(ADD(LOAD(zr + u + j), LOAD(bias + u + j)));
    V f1 = P(sigmoid)(ADD(LOAD(zr + u + k), LOAD(bias + u + k)));
    V g0 = P(tanh)(ADD(LOAD(zr + 2 * u + j), LOAD(bias + 2 * u + j)));
    V g1 = P(tanh)(ADD(LOAD(zr + 2 * u + k), LOAD(bias + 2 * u + k)));
    V o0 = P(sigmoid)(ADD(LOAD(zr + 3 * u + j), LOAD(bias + 3 * u + j)));
    V o1 = P(sigmoid)(ADD(LOAD(zr + 3 * u + k), LOAD(bias + 3 * u + k)));
    V c0 = ADD(MUL(f0, LOAD(cp + j)), MUL(i0, g0));
    V c1 = ADD(MUL(f1, LOAD(cp + k)), MUL(i1, g1));
    V t0 = P(tanh)(c0);
    V t1 = P(tanh)(c1);
    STORE(zr + j, i0);
    STORE(zr + k, i1);
    STORE(zr + u + j, f0);
    STORE(zr + u + k, f1);
    STORE(zr + 2 * u + j, g0);
    STORE(zr + 2 * u + k, g1);
    STORE(zr + 3 * u + j, o0);
    STORE(zr + 3 * u + k, o1);
    STORE(cr + j, c0);
    STORE(cr + k, c1);
    STORE(tr + j, t0);
    STORE(tr + k, t1);
    STORE(hr + j, MUL(o0, t0));
    STORE(hr + k, MUL(o1, t1));
}
