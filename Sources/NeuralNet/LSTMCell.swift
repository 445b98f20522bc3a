import CNeuralKernels

/// Element-wise work of one LSTM time step for a batch (Keras gate order i, f, c, o).
///
/// The matrix products (x·W, h·U) are done by the caller with GEMMs; these kernels apply bias and activations,
/// update the cell, and in reverse turn dh and dc into the gate gradients dZ.
enum LSTMCell {
    typealias V = VectorMath.V

    /// Lanes of the C kernels (CNeuralKernels: 16 with AVX-512, 8 with AVX2+FMA), or 0: use the Swift kernels.
    static let nativeLanes = Int(lunar_cell_lanes())

    /// Forward: `z` (batch × 4u, pre-activations without bias) becomes the activated gates i, f, g, o in place;
    /// writes c = f·cPrev + i·g, tanh(c) and h = o·tanh(c) (each batch × u). `c` may be `cPrev`. With `copyH`, row
    /// b of h is also written at `copyH + b · copyStride`.
    ///
    /// Runs the C kernels when the CPU has AVX2+FMA: the same operations as the Swift code below with FMA
    /// (identical bits to a release build), 16 lanes at a time on AVX-512 with better register use. With
    /// `inference`, the C kernel replaces sigmoid's and tanh's divisions by a refined reciprocal estimate (within
    /// 2 ulp) and takes a per-row bias when `biasStride` > 0 (row b adds `bias + b · biasStride`); training keeps
    /// the divisions.
    @inline(__always)
    static func forward(
        z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, tanhC: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
        batch: Int, units u: Int, copyH: UnsafeMutablePointer<Float>? = nil, copyStride: Int = 0,
        inference: Bool = false, biasStride: Int = 0
    ) {
        if nativeLanes > 0 {
            if inference {
                lunar_cell_forward_inference(z, bias, biasStride, cPrev, c, tanhC, h, batch, u, copyH, copyStride)
            } else {
                lunar_cell_forward2(z, bias, cPrev, c, tanhC, h, batch, u, copyH, copyStride)
            }
        } else if biasStride > 0 {
            for b in 0..<batch {
                forwardSwift(z: z + b * 4 * u, bias: bias + b * biasStride, cPrev: cPrev + b * u, c: c + b * u,
                             tanhC: tanhC + b * u, h: h + b * u, batch: 1, units: u)
            }
            if let copyH {
                for b in 0..<batch { (copyH + b * copyStride).update(from: h + b * u, count: u) }
            }
        } else {
            forwardSwift(z: z, bias: bias, cPrev: cPrev, c: c, tanhC: tanhC, h: h, batch: batch, units: u)
            if let copyH {
                for b in 0..<batch { (copyH + b * copyStride).update(from: h + b * u, count: u) }
            }
        }
    }

    /// The Swift forward kernel (8-lane SIMD).
    static func forwardSwift(
        z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, tanhC: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
        batch: Int, units u: Int
    ) {
        for b in 0..<batch {
            let zr = z + b * 4 * u
            let cp = cPrev + b * u, cr = c + b * u, tr = tanhC + b * u, hr = h + b * u
            var j = 0
            // two 8-lane chunks per iteration, interleaved, so their long exp/divide chains overlap
            while j + 16 <= u {
                let k = j + 8
                let i0 = VectorMath.sigmoid(VectorMath.load(zr + j) + VectorMath.load(bias + j))
                let i1 = VectorMath.sigmoid(VectorMath.load(zr + k) + VectorMath.load(bias + k))
                let f0 = VectorMath.sigmoid(VectorMath.load(zr + u + j) + VectorMath.load(bias + u + j))
                let f1 = VectorMath.sigmoid(VectorMath.load(zr + u + k) + VectorMath.load(bias + u + k))
                let g0 = VectorMath.tanh(VectorMath.load(zr + 2 * u + j) + VectorMath.load(bias + 2 * u + j))
                let g1 = VectorMath.tanh(VectorMath.load(zr + 2 * u + k) + VectorMath.load(bias + 2 * u + k))
                let o0 = VectorMath.sigmoid(VectorMath.load(zr + 3 * u + j) + VectorMath.load(bias + 3 * u + j))
                let o1 = VectorMath.sigmoid(VectorMath.load(zr + 3 * u + k) + VectorMath.load(bias + 3 * u + k))
                let c0 = f0 * VectorMath.load(cp + j) + i0 * g0
                let c1 = f1 * VectorMath.load(cp + k) + i1 * g1
                let t0 = VectorMath.tanh(c0)
                let t1 = VectorMath.tanh(c1)
                VectorMath.store(i0, zr + j)
                VectorMath.store(i1, zr + k)
                VectorMath.store(f0, zr + u + j)
                VectorMath.store(f1, zr + u + k)
                VectorMath.store(g0, zr + 2 * u + j)
                VectorMath.store(g1, zr + 2 * u + k)
                VectorMath.store(o0, zr + 3 * u + j)
                VectorMath.store(o1, zr + 3 * u + k)
                VectorMath.store(c0, cr + j)
                VectorMath.store(c1, cr + k)
                VectorMath.store(t0, tr + j)
                VectorMath.store(t1, tr + k)
                VectorMath.store(o0 * t0, hr + j)
                VectorMath.store(o1 * t1, hr + k)
                j += 16
            }
            while j + 8 <= u {
                let i = VectorMath.sigmoid(VectorMath.load(zr + j) + VectorMath.load(bias + j))
                let f = VectorMath.sigmoid(VectorMath.load(zr + u + j) + VectorMath.load(bias + u + j))
                let g = VectorMath.tanh(VectorMath.load(zr + 2 * u + j) + VectorMath.load(bias + 2 * u + j))
                let o = VectorMath.sigmoid(VectorMath.load(zr + 3 * u + j) + VectorMath.load(bias + 3 * u + j))
                VectorMath.store(i, zr + j)
                VectorMath.store(f, zr + u + j)
                VectorMath.store(g, zr + 2 * u + j)
                VectorMath.store(o, zr + 3 * u + j)
                let cv = f * VectorMath.load(cp + j) + i * g
                let tv = VectorMath.tanh(cv)
                VectorMath.store(cv, cr + j)
                VectorMath.store(tv, tr + j)
                VectorMath.store(o * tv, hr + j)
                j += 8
            }
            while j < u {
                let i = VectorMath.sigmoid(zr[j] + bias[j]), f = VectorMath.sigmoid(zr[u + j] + bias[u + j])
                let g = VectorMath.tanh(zr[2 * u + j] + bias[2 * u + j])
                let o = VectorMath.sigmoid(zr[3 * u + j] + bias[3 * u + j])
                zr[j] = i
                zr[u + j] = f
                zr[2 * u + j] = g
                zr[3 * u + j] = o
                let cv = f * cp[j] + i * g
                let tv = VectorMath.tanh(cv)
                cr[j] = cv
                tr[j] = tv
                hr[j] = o * tv
                j += 1
            }
        }
    }

    /// Backward: from dh (batch × u) and the incoming dc (in `dc`, batch × u) computes the gate gradients dZ
    /// (batch × 4u, w.r.t. pre-activations) and leaves dc·f in `dc` for the previous step.
    @inline(__always)
    static func backward(
        gates: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dZ: UnsafeMutablePointer<Float>,
        batch: Int, units u: Int
    ) {
        if nativeLanes > 0 {
            lunar_cell_backward(gates, cPrev, tanhC, dh, dc, dZ, batch, u)
        } else {
            backwardSwift(gates: gates, cPrev: cPrev, tanhC: tanhC, dh: dh, dc: dc, dZ: dZ, batch: batch, units: u)
        }
    }

    /// The Swift backward kernel (8-lane SIMD).
    static func backwardSwift(
        gates: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dZ: UnsafeMutablePointer<Float>,
        batch: Int, units u: Int
    ) {
        let one = V(repeating: 1)
        for b in 0..<batch {
            let gr = gates + b * 4 * u, dzr = dZ + b * 4 * u
            let cp = cPrev + b * u, tr = tanhC + b * u, dhr = dh + b * u, dcr = dc + b * u
            var j = 0
            while j + 8 <= u {
                let i = VectorMath.load(gr + j), f = VectorMath.load(gr + u + j)
                let g = VectorMath.load(gr + 2 * u + j), o = VectorMath.load(gr + 3 * u + j)
                let t = VectorMath.load(tr + j), dhv = VectorMath.load(dhr + j)
                let dcv = VectorMath.load(dcr + j) + dhv * o * (one - t * t)
                VectorMath.store(dcv * g * i * (one - i), dzr + j)
                VectorMath.store(dcv * VectorMath.load(cp + j) * f * (one - f), dzr + u + j)
                VectorMath.store(dcv * i * (one - g * g), dzr + 2 * u + j)
                VectorMath.store(dhv * t * o * (one - o), dzr + 3 * u + j)
                VectorMath.store(dcv * f, dcr + j)
                j += 8
            }
            while j < u {
                let i = gr[j], f = gr[u + j], g = gr[2 * u + j], o = gr[3 * u + j]
                let t = tr[j], dhv = dhr[j]
                let dcv = dcr[j] + dhv * o * (1 - t * t)
                dzr[j] = dcv * g * i * (1 - i)
                dzr[u + j] = dcv * cp[j] * f * (1 - f)
                dzr[2 * u + j] = dcv * i * (1 - g * g)
                dzr[3 * u + j] = dhv * t * o * (1 - o)
                dcr[j] = dcv * f
                j += 1
            }
        }
    }
}
