import Foundation

/// An LSTM classifier with its preprocessing: feature names, the scaler fitted at training time, windowing and
/// the record of its training. This is the object the Lua binding wraps (`lunar.nn.lstm{…}`).
///
/// Not thread-safe: use one model from one thread at a time (an ensemble trains its members in parallel).
public final class LSTMModel {
    /// The raw network.
    public let network: LSTMNetwork
    /// Metadata saved with the weights.
    public internal(set) var metadata: ModelMetadata
    private var windowPredictor: WindowPredictor?

    /// A freshly initialised model; `featureNames` defaults to f1…fN.
    public init(config: ModelConfig = .prototype(), featureNames: [String]? = nil,
                windowing: WindowingSpec? = nil, seed: UInt64 = 7) throws {
        let names = featureNames ?? (1...max(1, config.featureCount)).map { "f\($0)" }
        guard names.count == config.featureCount else {
            throw NeuralNetError.shapeMismatch(expected: "\(config.featureCount) feature names",
                                               got: "\(names.count)")
        }
        var spec = windowing ?? WindowingSpec()
        guard spec.sequenceLength == config.sequenceLength || windowing == nil else {
            throw NeuralNetError.invalidArgument(
                "windowing sequence_length \(spec.sequenceLength) differs from the model's \(config.sequenceLength)")
        }
        spec.sequenceLength = config.sequenceLength
        network = try LSTMNetwork(config: config, seed: seed)
        metadata = ModelMetadata(architecture: config, featureNames: names, scaler: nil, windowing: spec)
    }

    init(network: LSTMNetwork, metadata: ModelMetadata) {
        self.network = network
        self.metadata = metadata
    }

    /// The architecture.
    public var config: ModelConfig { network.config }
    /// Number of weights and biases.
    public var parameterCount: Int { network.parameterCount }
    /// Input feature names.
    public var featureNames: [String] { metadata.featureNames }
    /// Whether a scaler has been fitted (or loaded).
    public var isFitted: Bool { metadata.scaler != nil }

    /// One row per layer: name, class, output shape and parameter count (Keras `summary()`).
    public var layerSummary: [(name: String, kind: String, outputShape: String, parameters: Int)] {
        let shapes = (try? LayerShapes.resolve(config)) ?? []
        return zip(config.layers, shapes).map { layer, s in
            let shape = s.outputIsSequence ? "(None, \(config.sequenceLength), \(s.outputWidth))"
                : "(None, \(s.outputWidth))"
            return (layer.name, layer.className, shape, s.parameterCount)
        }
    }

    /// A Keras-like summary table.
    public func summary() -> String {
        let rows = layerSummary
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        var lines = ["Model: \"\(config.name)\"  input (None, \(config.sequenceLength), \(config.featureCount))"]
        let rule = String(repeating: "─", count: 66)
        lines.append(rule)
        lines.append(pad("Layer (type)", 30) + pad("Output Shape", 24) + "Param #")
        lines.append(rule)
        for r in rows {
            lines.append(pad("\(r.name) (\(r.kind))", 30) + pad(r.outputShape, 24) + String(r.parameters))
        }
        lines.append(rule)
        let bytes = Double(parameterCount * 4) / 1024
        lines.append("Total params: \(parameterCount.formatted()) (\(String(format: "%.2f", bytes)) KB)")
        return lines.joined(separator: "\n")
    }

    // MARK: Training and evaluation

    private func checkFeatures(_ features: FeatureMatrix) throws {
        guard features.columnCount == config.featureCount else {
            throw NeuralNetError.shapeMismatch(
                expected: "input (\(config.sequenceLength), \(config.featureCount)): \(config.featureCount) features",
                got: "\(features.columnCount) features \(features.columns)")
        }
        guard features.columns == metadata.featureNames else {
            throw NeuralNetError.featureMismatch(expected: metadata.featureNames, got: features.columns)
        }
    }

    /// Fits the scaler and the network on `features` and per-row `labels` (NaN where undefined) as the spec says;
    /// stores the training range, history and validation metrics in the metadata.
    ///
    /// If the model's feature names are the default f1…fN, they are replaced by the matrix's column names.
    public func fit(
        features: FeatureMatrix, labels: [Float], options: TrainingOptions = .init(),
        progress: ((TrainingProgress) -> Void)? = nil, shouldStop: (() -> Bool)? = nil
    ) throws -> TrainingHistory {
        if !isFitted && metadata.featureNames == (1...config.featureCount).map({ "f\($0)" })
            && features.columnCount == config.featureCount
        {
            metadata.featureNames = features.columns
        }
        try checkFeatures(features)
        let data = try Windowing.prepare(features: features, labels: labels, spec: metadata.windowing)
        let history = try Trainer.fit(network, train: data.train, validation: data.validation, options: options,
                                      progress: progress, shouldStop: shouldStop)
        metadata.scaler = data.scaler
        metadata.history = history
        metadata.options = options
        metadata.training = TrainingRange(
            bars: features.rowCount, firstRow: data.firstRow, trainStartBar: data.trainEndBars.first ?? 0,
            trainEndBar: data.trainEndBars.last ?? 0, validationStartBar: data.validationEndBars.first ?? 0,
            validationEndBar: data.validationEndBars.last ?? 0, trainWindows: data.train.count,
            validationWindows: data.validation.count)
        let p = BatchInference(network: network).predict(data.validation, threads: options.threads ?? Parallel.maxThreads)
        metadata.metrics = try Metrics.report(probabilities: p, labels: data.validation.labels)
        return history
    }

    /// Scaled rows of `features` after warm-up, with the first kept row.
    func scaledRows(_ features: FeatureMatrix) throws -> (first: Int, rows: [Float]) {
        try checkFeatures(features)
        guard let scaler = metadata.scaler else {
            throw NeuralNetError.notFitted("fit the model or load a trained one before predicting from features")
        }
        let first = try features.firstCompleteRow()
        return (first, scaler.transform(features, rows: first..<features.rowCount))
    }

    /// Windows ending at every row with a full history (and, if `labels` is given, a defined label).
    func windows(_ features: FeatureMatrix, labels: [Float]?) throws -> (data: WindowDataset, endBars: [Int]) {
        let (first, rows) = try scaledRows(features)
        let l = config.sequenceLength
        var ends: [Int] = []
        if first + l - 1 < features.rowCount {
            for r in (first + l - 1)..<features.rowCount where labels.map({ !$0[r].isNaN }) ?? true { ends.append(r) }
        }
        guard !ends.isEmpty else {
            throw NeuralNetError.tooLittleData(
                have: features.rowCount, need: (first == features.rowCount ? 0 : first) + l + (labels == nil ? 0 : metadata.windowing.horizon),
                what: "one window of \(l) bars after \(first) warm-up bars")
        }
        let data = try WindowDataset(rows: rows, featureCount: config.featureCount, sequenceLength: l,
                                     endRows: ends.map { $0 - first },
                                     labels: ends.map { labels?[$0] ?? 0 })
        return (data, ends)
    }

    /// Metrics on every window of `features` that has a label (accuracy always beside the base rate).
    public func evaluate(features: FeatureMatrix, labels: [Float], threshold: Double = 0.5,
                         threads: Int? = nil) throws -> ClassificationReport {
        guard labels.count == features.rowCount else {
            throw NeuralNetError.shapeMismatch(expected: "\(features.rowCount) labels", got: "\(labels.count)")
        }
        let (data, _) = try windows(features, labels: labels)
        let p = BatchInference(network: network).predict(data, threads: threads ?? Parallel.maxThreads)
        return try Metrics.report(probabilities: p, labels: data.labels, threshold: threshold)
    }

    // MARK: Inference

    /// Probability for every row of `features` (NaN before the first full window).
    public func predictSeries(features: FeatureMatrix, threads: Int? = nil) throws -> [Float] {
        let (data, ends) = try windows(features, labels: nil)
        let p = BatchInference(network: network).predict(data, threads: threads ?? Parallel.maxThreads)
        var out = [Float](repeating: .nan, count: features.rowCount)
        for (k, r) in ends.enumerated() { out[r] = p[k] }
        return out
    }

    /// The scaled window (L × F row-major) ending at the last row of `features`.
    func latestScaledWindow(features: FeatureMatrix) throws -> [Float] {
        try checkFeatures(features)
        guard let scaler = metadata.scaler else {
            throw NeuralNetError.notFitted("fit the model or load a trained one before predicting from features")
        }
        let l = config.sequenceLength
        guard features.rowCount >= l else {
            throw NeuralNetError.tooLittleData(have: features.rowCount, need: l, what: "one window")
        }
        let tail = try FeatureMatrix(rowCount: l, columns: features.columns,
                                     values: Array(features.values[((features.rowCount - l) * features.columnCount)...]))
        if tail.values.contains(where: { !$0.isFinite }) {
            // only then scan the whole matrix, to name the column and bar or say how many bars are needed
            let first = try features.firstCompleteRow()
            throw NeuralNetError.tooLittleData(have: features.rowCount, need: first + l,
                                               what: "one window of \(l) bars after \(first) warm-up bars")
        }
        return scaler.transform(tail, rows: 0..<l)
    }

    /// Probability for the window ending at the last row of `features`.
    public func predictLatest(features: FeatureMatrix) throws -> Float {
        let window = try latestScaledWindow(features: features)
        let predictor = windowPredictor ?? WindowPredictor(network: network)
        windowPredictor = predictor
        return try predictor.predict(window: window)
    }

    /// Runs the raw network (no scaling) on a (N, L, F) tensor; returns (N, outputs) or (N, L, outputs).
    public func forward(_ input: Tensor, threads: Int? = nil) throws -> Tensor {
        let l = config.sequenceLength, f = config.featureCount
        let shape = input.shape
        guard (shape.count == 3 && shape[1] == l && shape[2] == f) || (shape.count == 2 && shape[0] == l && shape[1] == f)
        else {
            throw NeuralNetError.shapeMismatch(expected: "input (N, \(l), \(f))", got: "tensor \(input.shapeDescription)")
        }
        let n = shape.count == 3 ? shape[0] : 1
        let width = network.outputWidth
        if network.outputIsSequence {
            let ws = network.makeWorkspace(batch: max(n, 1), training: false)
            input.values.withUnsafeBufferPointer { network.loadWindows(ws, from: $0.baseAddress!, batch: n) }
            var rng = SeededGenerator(seed: 0)
            let out = network.forward(ws, batch: n, training: false, rng: &rng)
            var values = [Float](repeating: 0, count: n * l * width)
            for b in 0..<n {
                for t in 0..<l {
                    for j in 0..<width { values[(b * l + t) * width + j] = out[(t * n + b) * width + j] }
                }
            }
            return try Tensor(shape: [n, l, width], values: values)
        }
        let data = try WindowDataset(windows: input.values, count: n, sequenceLength: l, featureCount: f,
                                     labels: [Float](repeating: 0, count: n))
        if width == 1 {
            let p = BatchInference(network: network).predict(data, threads: threads ?? Parallel.maxThreads)
            return try Tensor(shape: [n, 1], values: p)
        }
        let predictor = WindowPredictor(network: network)
        var values: [Float] = []
        for b in 0..<n { values += try predictor.predictOutputs(window: Array(input.values[(b * l * f)..<((b + 1) * l * f)])) }
        return try Tensor(shape: [n, width], values: values)
    }

    /// A streaming predictor that takes raw feature rows, scales them and advances the network one bar at a time.
    public func stream(mode: ModelStream.Mode = .stateful) throws -> ModelStream {
        guard let scaler = metadata.scaler else {
            throw NeuralNetError.notFitted("fit the model or load a trained one before streaming")
        }
        return try ModelStream(model: self, scaler: scaler, mode: mode)
    }
}

/// Streams raw feature rows (one per bar) through a fitted model.
public final class ModelStream {
    /// How a push is turned into a probability.
    public enum Mode: String, Sendable {
        /// Keep the LSTM state from the first bar (O(1) per bar): the network sees the whole history.
        case stateful
        /// Recompute the last L bars each push: identical to `predictSeries` at every bar.
        case window
    }

    /// The mode.
    public let mode: Mode
    private let model: LSTMModel
    private let scaler: MinMaxScaler
    private let stream: StreamingPredictor
    private let predictor: WindowPredictor
    private var ring: [Float] = []
    /// Rows pushed since the start.
    public private(set) var count = 0

    init(model: LSTMModel, scaler: MinMaxScaler, mode: Mode) throws {
        self.model = model
        self.scaler = scaler
        self.mode = mode
        stream = try StreamingPredictor(network: model.network)
        predictor = WindowPredictor(network: model.network)
    }

    /// Bars needed before the first probability (the window length).
    public var lookback: Int { model.config.sequenceLength }

    /// Pushes one raw feature row; returns the probability, or NaN until `lookback` rows have been pushed.
    ///
    /// Rows with a NaN (indicator warm-up) before the first complete row are skipped; a NaN later throws.
    public func push(_ row: [Float]) throws -> Float {
        let f = model.config.featureCount
        guard row.count == f else { throw NeuralNetError.shapeMismatch(expected: "\(f) features", got: "\(row.count)") }
        if let c = row.firstIndex(where: { !$0.isFinite }) {
            if count == 0 { return .nan }
            throw NeuralNetError.nonFiniteFeature(column: model.featureNames[c], row: count)
        }
        let s = scaler.scale, o = scaler.offset
        let scaled = (0..<f).map { Float(Double(row[$0]) * s[$0] + o[$0]) }
        count += 1
        let l = model.config.sequenceLength
        switch mode {
        case .stateful:
            let p = try stream.push(scaled)
            return count >= l ? p : .nan
        case .window:
            ring += scaled
            if ring.count > l * f { ring.removeFirst(ring.count - l * f) }
            return count >= l ? try predictor.predict(window: ring) : .nan
        }
    }

    /// Forgets every pushed row.
    public func reset() {
        stream.reset()
        ring.removeAll()
        count = 0
    }
}
