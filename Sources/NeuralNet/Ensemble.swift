import Foundation

/// Mean probability of an ensemble and how much its members agree.
public struct EnsemblePrediction: Sendable, Equatable, Codable {
    /// Mean of the members' probabilities.
    public var probability: Float
    /// 1 − 2·(population standard deviation of the members' probabilities), in [0, 1].
    public var confidence: Float
    /// Share of members on the same side of 0.5 as the mean.
    public var agreement: Float
    /// Each member's probability.
    public var members: [Float]
}

/// Several LSTM models (different seeds and/or architectures) trained in parallel and used together.
public final class LSTMEnsemble {
    /// The members, sharing feature names and windowing.
    public let members: [LSTMModel]

    /// Members from explicit configurations and seeds (same count); all must share the input shape.
    public init(configs: [ModelConfig], seeds: [UInt64], featureNames: [String]? = nil,
                windowing: WindowingSpec? = nil) throws {
        guard !configs.isEmpty, configs.count == seeds.count else {
            throw NeuralNetError.invalidArgument("an ensemble needs ≥ 1 member and one seed per configuration")
        }
        let first = configs[0]
        for c in configs where c.sequenceLength != first.sequenceLength || c.featureCount != first.featureCount {
            throw NeuralNetError.shapeMismatch(expected: "every member with input (\(first.sequenceLength), \(first.featureCount))",
                                               got: "(\(c.sequenceLength), \(c.featureCount)) for '\(c.name)'")
        }
        members = try zip(configs, seeds).map {
            try LSTMModel(config: $0, featureNames: featureNames, windowing: windowing, seed: $1)
        }
    }

    init(members: [LSTMModel]) {
        self.members = members
    }

    /// Latest-window predictor over the members (made on first use; it reads the members' current weights).
    private var windowPredictor: EnsembleWindowPredictor?

    /// `n` members cycling through units [64, 32] / dropout 0.2, [128, 64] / 0.3 and [96, 48] / 0.25, with seeds
    /// seed, seed+1, ….
    public static func standard(n: Int = 3, sequenceLength: Int = 60, featureCount: Int = 19,
                                featureNames: [String]? = nil, seed: UInt64 = 7) throws -> LSTMEnsemble {
        let variants: [([Int], Float)] = [([64, 32], 0.2), ([128, 64], 0.3), ([96, 48], 0.25)]
        let configs = (0..<n).map { k -> ModelConfig in
            let v = variants[k % variants.count]
            return .prototype(sequenceLength: sequenceLength, featureCount: featureCount, lstmUnits: v.0,
                              dropout: v.1, name: "member\(k + 1)")
        }
        return try LSTMEnsemble(configs: configs, seeds: (0..<n).map { seed &+ UInt64($0) },
                                featureNames: featureNames)
    }

    /// Trains every member, in parallel across up to `threads` threads; returns each member's history.
    ///
    /// Members run in waves of `threads` members, one thread each; a last, smaller wave shares the threads (3
    /// members on 2 threads: two single-threaded, then one on both). Every member splits batches into the same
    /// shards whatever its thread count, so the weights equal training the members one by one. `progress` gets
    /// the member index with each event; `progress` and `shouldStop` are called under a lock from worker threads.
    public func fit(
        features: FeatureMatrix, labels: [Float], options: TrainingOptions = .init(), threads: Int? = nil,
        progress: ((Int, TrainingProgress) -> Void)? = nil, shouldStop: (() -> Bool)? = nil
    ) throws -> [TrainingHistory] {
        let total = max(1, threads ?? Parallel.maxThreads)
        let n = members.count
        let lock = NSLock()
        let out = UncheckedBox(UnsafeMutablePointer<Result<TrainingHistory, Error>?>.allocate(capacity: n))
        out.value.initialize(repeating: nil, count: n)
        defer { out.value.deallocate() }
        withoutActuallyEscaping(progress ?? { _, _ in }) { prog in
            let box = UncheckedBox((self.members, prog, shouldStop))
            for wave in stride(from: 0, to: n, by: total) {
                let count = min(total, n - wave)
                var memberOptions = options
                memberOptions.threads = max(1, total / count)
                let opts = memberOptions
                Parallel.forEach(count, threads: count) { i in
                    let k = wave + i
                    out.value[k] = Result {
                        try box.value.0[k].fit(
                            features: features, labels: labels, options: opts,
                            progress: { p in lock.lock(); box.value.1(k, p); lock.unlock() },
                            shouldStop: box.value.2.map { f in { lock.lock(); defer { lock.unlock() }; return f() } })
                    }
                }
            }
        }
        return try (0..<n).map { try out.value[$0]!.get() }
    }

    /// Mean probability, confidence (1 − 2·std) and agreement for the window ending at the last row.
    ///
    /// The members run in parallel on up to `threads` threads (default ``Parallel/maxThreads``); see
    /// ``EnsembleWindowPredictor``.
    public func predictWithConfidence(features: FeatureMatrix, threads: Int? = nil) throws -> EnsemblePrediction {
        let windows = try members.map { try $0.latestScaledWindow(features: features) }
        let predictor = windowPredictor ?? EnsembleWindowPredictor(networks: members.map(\.network))
        windowPredictor = predictor
        return Self.combine(try predictor.predict(windows: windows, threads: threads ?? Parallel.maxThreads))
    }

    /// ``predictWithConfidence(features:)`` for every row (probability NaN before the first full window).
    public func predictSeriesWithConfidence(features: FeatureMatrix) throws -> [EnsemblePrediction] {
        let series = try members.map { try $0.predictSeries(features: features) }
        return (0..<features.rowCount).map { r in Self.combine(series.map { $0[r] }) }
    }

    static func combine(_ p: [Float]) -> EnsemblePrediction {
        let n = Double(p.count)
        let mean = p.reduce(0.0) { $0 + Double($1) } / n
        let variance = p.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        let up = mean > 0.5
        let agree = p.filter { (Double($0) > 0.5) == up }.count
        return EnsemblePrediction(probability: Float(mean), confidence: Float(1 - 2 * variance.squareRoot()),
                                  agreement: Float(Double(agree) / n), members: p)
    }

    private struct Manifest: Codable {
        var members: [ModelMetadata]
    }

    /// Saves all members to one safetensors file (tensors prefixed `member<k>/`), atomically.
    public func save(to path: String) throws {
        let json = try ModelFile.encodeJSON(Manifest(members: members.map(\.metadata)))
        let tensors = members.enumerated().flatMap { k, m in ModelFile.tensors(of: m.network, prefix: "member\(k + 1)/") }
        try ModelFile.write(path: path, format: ModelFile.ensembleFormat, json: json, tensors: tensors)
    }

    /// Loads an ensemble saved by ``save(to:)``, verifying the checksum first.
    public static func load(from path: String) throws -> LSTMEnsemble {
        let (tensors, json) = try ModelFile.read(path: path, format: ModelFile.ensembleFormat)
        let manifest = try ModelFile.decodeJSON(Manifest.self, json, path: path)
        let members = try manifest.members.enumerated().map { k, meta in
            LSTMModel(network: try ModelFile.network(config: meta.architecture, tensors: tensors,
                                                     prefix: "member\(k + 1)/", path: path), metadata: meta)
        }
        return LSTMEnsemble(members: members)
    }
}
