import Foundation

/// Timings of the LSTM engine for `lunar bench lstm`; each function returns measured numbers, nothing printed.
public enum LSTMBenchmark {
    /// Synthetic bars turned into 19 stationary features with 33 warm-up rows (like `seed19`'s MACD warm-up), so
    /// 4,680 bars give 3,666 training and 912 validation windows; labels are 5-bar directions.
    public static func syntheticFeatures(bars: Int = 4680, seed: UInt64 = 7, featureCount: Int = 19,
                                         horizon: Int = 5) -> (features: FeatureMatrix, labels: [Float]) {
        var rng = SeededGenerator(seed: seed)
        var close = [Double](repeating: 100, count: bars)
        var drift = 0.0
        for t in 1..<bars {
            drift = 0.97 * drift + 7.3e-5 * rng.nextNormal()
            close[t] = close[t - 1] * Foundation.exp(drift + 0.0015 * rng.nextNormal())
        }
        let warmup = 33
        var values = [Float](repeating: .nan, count: bars * featureCount)
        for t in warmup..<bars {
            for f in 0..<featureCount {
                let lag = 1 + f % 20
                let r = close[t] / close[max(0, t - lag)] - 1
                values[t * featureCount + f] = Float(r * Double(1 + f % 3) + 0.001 * rng.nextNormal())
            }
        }
        let names = (0..<featureCount).map { "f\($0 + 1)" }
        // force-try: the shape is right by construction
        let matrix = try! FeatureMatrix(rowCount: bars, columns: names, values: values)
        return (matrix, Windowing.directionLabels(closes: close, horizon: horizon))
    }

    /// Result of ``trainingEpochs(bars:epochs:config:threads:)``.
    public struct TrainingTiming: Sendable, Codable {
        /// Training windows.
        public var trainWindows: Int
        /// Validation windows.
        public var validationWindows: Int
        /// Seconds of each epoch (training + validation).
        public var epochSeconds: [Double]
        /// Median of the epochs after the first.
        public var medianAfterFirst: Double
        /// Final validation loss.
        public var finalValLoss: Double
        /// Process CPU seconds per epoch (all threads), a load-independent view when other jobs share the cores.
        public var cpuSecondsPerEpoch: Double
    }

    /// CPU time of this process (all threads) in seconds.
    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Trains the default model for `epochs` epochs on synthetic bars and times each epoch.
    public static func trainingEpochs(bars: Int = 4680, epochs: Int = 4, config: ModelConfig = .prototype(),
                                      threads: Int? = nil) throws -> TrainingTiming {
        let (features, labels) = syntheticFeatures(bars: bars, featureCount: config.featureCount)
        let data = try Windowing.prepare(features: features, labels: labels,
                                         spec: WindowingSpec(sequenceLength: config.sequenceLength))
        let net = try LSTMNetwork(config: config, seed: 1)
        var options = TrainingOptions()
        options.epochs = epochs
        options.earlyStoppingPatience = nil
        options.restoreBestWeights = false
        options.threads = threads
        let cpu0 = processCPUSeconds()
        let h = try Trainer.fit(net, train: data.train, validation: data.validation, options: options)
        let cpu = (processCPUSeconds() - cpu0) / Double(max(1, h.epochs.count))
        let secs = h.epochs.map(\.seconds)
        let rest = Array(secs.dropFirst()).sorted()
        return TrainingTiming(trainWindows: data.train.count, validationWindows: data.validation.count,
                              epochSeconds: secs,
                              medianAfterFirst: rest.isEmpty ? (secs.first ?? .nan) : rest[rest.count / 2],
                              finalValLoss: h.epochs.last?.valLoss ?? .nan, cpuSecondsPerEpoch: cpu)
    }

    /// Inference timings of one model.
    public struct InferenceTiming: Sendable, Codable {
        /// Median seconds of one latest-window prediction (one window through the network).
        public var latestWindowSeconds: Double
        /// Windows per second of batch prediction.
        public var batchWindowsPerSecond: Double
        /// Median seconds of one streaming step (one new bar).
        public var streamingStepSeconds: Double
    }

    /// Times latest-window prediction, batch prediction over `batchWindows` windows and streaming steps.
    public static func inference(config: ModelConfig = .prototype(), batchWindows: Int = 8192, calls: Int = 200,
                                 threads: Int? = nil) throws -> InferenceTiming {
        let net = try LSTMNetwork(config: config, seed: 1)
        let l = config.sequenceLength, f = config.featureCount
        var rng = SeededGenerator(seed: 3)
        let rowsCount = batchWindows + l - 1
        let rows = (0..<(rowsCount * f)).map { _ in rng.nextUnitFloat() }
        let data = try WindowDataset(rows: rows, featureCount: f, sequenceLength: l,
                                     endRows: Array((l - 1)..<rowsCount), labels: [Float](repeating: 0, count: batchWindows))
        let single = Array(rows[0..<(l * f)])
        let predictor = WindowPredictor(network: net)
        var latest: [Double] = []
        for k in 0..<(calls + 10) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try predictor.predict(window: single)
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if k >= 10 { latest.append(dt) }
        }
        let inference = BatchInference(network: net)
        let th = threads ?? Parallel.maxThreads
        _ = inference.predict(data, threads: th)
        var batch: [Double] = []
        for _ in 0..<3 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = inference.predict(data, threads: th)
            batch.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        let stream = try StreamingPredictor(network: net)
        var steps: [Double] = []
        let bar = Array(rows[0..<f])
        for k in 0..<(calls * 10 + 100) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try stream.push(bar)
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if k >= 100 { steps.append(dt) }
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        return InferenceTiming(latestWindowSeconds: median(latest),
                               batchWindowsPerSecond: Double(batchWindows) / median(batch),
                               streamingStepSeconds: median(steps))
    }

    /// The OpenBLAS core type in use and the `OPENBLAS_CORETYPE` setting, for the report.
    public static var blasDescription: String {
        let env = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
        return "OpenBLAS core \(BLAS.coreName) (OPENBLAS_CORETYPE=\(env))"
    }
}

extension LSTMBenchmark {
    /// One GEMM shape of a training step and its measured speed.
    public struct GEMMTiming: Sendable, Codable {
        /// What the product computes.
        public var label: String
        /// m × n × k and transposes.
        public var shape: String
        /// Calls per training batch and shard.
        public var callsPerShard: Int
        /// Median microseconds per call.
        public var microseconds: Double
        /// GFLOP/s achieved.
        public var gflops: Double
    }

    /// Times every GEMM shape of one training step of the default model on a shard of `rows` windows.
    public static func gemmShapes(rows b: Int = 16, steps t: Int = 60, repeats: Int = 50) -> [GEMMTiming] {
        BLAS.ensureConfigured()
        let shapes: [(String, Bool, Bool, Int, Int, Int, Int)] = [
            ("L1 input projection", false, false, t * b, 256, 19, 1),
            ("L1 recurrence", false, false, b, 256, 64, t - 1),
            ("L2 input projection", false, false, t * b, 128, 64, 1),
            ("L2 recurrence", false, false, b, 128, 32, t - 1),
            ("L2 dh (dZ·Uᵀ)", false, true, b, 32, 128, t - 1),
            ("L2 kernel grad (Xᵀ·dZ)", true, false, 64, 128, t * b, 1),
            ("L2 recurrent grad (Hᵀ·dZ)", true, false, 32, 128, t * b, 1),
            ("L2 input grad (dZ·Wᵀ)", false, true, t * b, 64, 128, 1),
            ("L1 dh (dZ·Uᵀ)", false, true, b, 64, 256, t - 1),
            ("L1 kernel grad (Xᵀ·dZ)", true, false, 19, 256, t * b, 1),
            ("L1 recurrent grad (Hᵀ·dZ)", true, false, 64, 256, t * b, 1),
        ]
        return shapes.map { label, ta, tb, m, n, k, calls in
            let a = Buffer(m * k), bb = Buffer(k * n), c = Buffer(m * n)
            for i in 0..<a.count { a.pointer[i] = Float(i % 7) * 0.01 }
            for i in 0..<bb.count { bb.pointer[i] = Float(i % 5) * 0.01 }
            var times: [Double] = []
            for r in 0..<(repeats + 5) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: a.pointer, lda: ta ? m : k, b: bb.pointer,
                          ldb: tb ? k : n, beta: 0, c: c.pointer, ldc: n)
                if r >= 5 { times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9) }
            }
            let med = times.sorted()[times.count / 2]
            return GEMMTiming(label: label, shape: "\(m)×\(n)×\(k)\(ta ? " Aᵀ" : "")\(tb ? " Bᵀ" : "")",
                              callsPerShard: calls, microseconds: med * 1e6, gflops: 2 * Double(m * n * k) / med * 1e-9)
        }
    }
}

extension LSTMBenchmark {
    /// Seconds per epoch of an ensemble of `members` default models (different seeds) trained together, on the
    /// same synthetic data as ``trainingEpochs(bars:epochs:config:threads:)``.
    public static func ensembleEpochSeconds(members: Int = 3, bars: Int = 4680, epochs: Int = 2,
                                            threads: Int? = nil) throws -> Double {
        let config = ModelConfig.prototype()
        let (features, labels) = syntheticFeatures(bars: bars, featureCount: config.featureCount)
        let ensemble = try LSTMEnsemble(configs: Array(repeating: config, count: members),
                                        seeds: (0..<members).map { UInt64($0 + 1) })
        var options = TrainingOptions()
        options.epochs = epochs
        options.earlyStoppingPatience = nil
        options.restoreBestWeights = false
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = try ensemble.fit(features: features, labels: labels, options: options, threads: threads)
        return Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(epochs)
    }
}

extension LSTMBenchmark {
    /// Latest-window prediction of an ensemble against one of its members.
    public struct EnsembleInferenceTiming: Sendable {
        /// Median seconds of one member's latest-window prediction.
        public var oneModelSeconds: Double
        /// Median seconds of all members' latest-window predictions together.
        public var ensembleSeconds: Double
        /// Largest difference between a member's probability in the ensemble and alone.
        public var maxDifference: Float
    }

    /// Times the latest-window prediction of one default model and of an ensemble of `members` default models
    /// (seeds 1…, as ``LSTMEnsemble/predictWithConfidence(features:threads:)`` runs them), `calls` times each in
    /// alternation (median).
    public static func ensembleInference(members: Int = 3, calls: Int = 400, threads: Int? = nil) throws
        -> EnsembleInferenceTiming
    {
        let config = ModelConfig.prototype()
        let nets = try (0..<members).map { try LSTMNetwork(config: config, seed: UInt64($0 + 1)) }
        var rng = SeededGenerator(seed: 3)
        let windows = nets.map { _ in
            (0..<(config.sequenceLength * config.featureCount)).map { _ in rng.nextUnitFloat() }
        }
        let single = WindowPredictor(network: nets[0])
        let ensemble = EnsembleWindowPredictor(networks: nets)
        let th = threads ?? Parallel.maxThreads
        var one: [Double] = [], all: [Double] = []
        var result: [Float] = []
        for k in 0..<(calls + 20) {
            var t0 = DispatchTime.now().uptimeNanoseconds
            _ = try single.predict(window: windows[0])
            let dt1 = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            t0 = DispatchTime.now().uptimeNanoseconds
            result = try ensemble.predict(windows: windows, threads: th)
            let dt2 = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if k >= 20 {
                one.append(dt1)
                all.append(dt2)
            }
        }
        var diff: Float = 0
        for (k, net) in nets.enumerated() {
            diff = max(diff, abs(result[k] - (try WindowPredictor(network: net).predict(window: windows[k]))))
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        return EnsembleInferenceTiming(oneModelSeconds: median(one), ensembleSeconds: median(all),
                                       maxDifference: diff)
    }
}

extension LSTMBenchmark {
    /// Microseconds of the fused gate kernels (forward, backward) for one step of `batch` rows × `units` units.
    /// `swift` times the Swift kernels instead of the C kernels (when the CPU has them).
    public static func cellKernelMicroseconds(batch: Int = 16, units: Int = 64, repeats: Int = 2000,
                                              swift: Bool = false) -> (forward: Double, backward: Double)
    {
        let z = Buffer(batch * 4 * units), bias = Buffer(4 * units), c0 = Buffer(batch * units)
        let c = Buffer(batch * units), tc = Buffer(batch * units), h = Buffer(batch * units)
        let dh = Buffer(batch * units), dc = Buffer(batch * units), dZ = Buffer(batch * 4 * units)
        var rng = SeededGenerator(seed: 1)
        for i in 0..<z.count { z.pointer[i] = Float(rng.nextNormal()) }
        let original = z.array
        // the best of 20 blocks: robust to other jobs sharing the cores
        func time(_ body: () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<20 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<(repeats / 20) { body() }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-3 / Double(repeats / 20))
            }
            return best
        }
        let f = time {
            z.pointer.update(from: original, count: original.count)
            if swift {
                LSTMCell.forwardSwift(z: z.pointer, bias: bias.pointer, cPrev: c0.pointer, c: c.pointer,
                                      tanhC: tc.pointer, h: h.pointer, batch: batch, units: units)
            } else {
                LSTMCell.forward(z: z.pointer, bias: bias.pointer, cPrev: c0.pointer, c: c.pointer, tanhC: tc.pointer,
                                 h: h.pointer, batch: batch, units: units)
            }
        }
        let copy = time { z.pointer.update(from: original, count: original.count) }
        let b = time {
            if swift {
                LSTMCell.backwardSwift(gates: z.pointer, cPrev: c0.pointer, tanhC: tc.pointer, dh: dh.pointer,
                                       dc: dc.pointer, dZ: dZ.pointer, batch: batch, units: units)
            } else {
                LSTMCell.backward(gates: z.pointer, cPrev: c0.pointer, tanhC: tc.pointer, dh: dh.pointer,
                                  dc: dc.pointer, dZ: dZ.pointer, batch: batch, units: units)
            }
        }
        return (f - copy, b)
    }

    /// Lanes of the gate kernels in use (16 AVX-512, 8 AVX2, 0 Swift SIMD8 fallback).
    public static var cellKernelLanes: Int { LSTMCell.nativeLanes }
}
