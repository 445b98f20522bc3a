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
        let h = try Trainer.fit(net, train: data.train, validation: data.validation, options: options)
        let secs = h.epochs.map(\.seconds)
        let rest = Array(secs.dropFirst()).sorted()
        return TrainingTiming(trainWindows: data.train.count, validationWindows: data.validation.count,
                              epochSeconds: secs, medianAfterFirst: rest.isEmpty ? secs[0] : rest[rest.count / 2],
                              finalValLoss: h.epochs.last?.valLoss ?? .nan)
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
