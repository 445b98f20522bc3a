import Foundation
import Indicators
import LuaRuntime
import MarketData
import NeuralNet

/// `lunar.nn`: the LSTM classifier (the prototype's model by default), ensembles, tensors and `.npy` files.
enum NeuralNetBinding {
    static var module: LuaModule {
        LuaModule(
            name: "lunar.nn",
            summary: "LSTM models (train, evaluate, predict, stream, save/load), ensembles, tensors and .npy files.",
            functions: [lstmSpec, loadSpec, ensembleSpec, loadEnsembleSpec, loadNPYSpec, tensorSpec],
            classes: [AnyLuaClass(modelClass), AnyLuaClass(TensorBinding.cls), AnyLuaClass(StreamBinding.cls),
                      AnyLuaClass(EnsembleBinding.cls)])
    }

    // MARK: Configuration

    static func config(_ o: LuaOptions) throws -> (ModelConfig, WindowingSpec, UInt64) {
        let units = try o.numbers("units")?.map { Int($0) } ?? [64, 32]
        let dense = try o.numbers("dense")?.map { Int($0) } ?? [32, 16]
        let dropout = Float(try o.number("dropout", default: 0.2))
        let sequence = try o.integer("sequence", default: 60)
        let featureCount = try o.integer("features", default: Seed19.names.count)
        let horizon = try o.integer("horizon", default: 5)
        let trainFraction = try o.number("train_fraction", default: 0.8)
        let seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: 7))
        let name = try o.string("name", default: "prototype_lstm")
        guard !units.isEmpty, units.allSatisfy({ $0 > 0 }) else {
            throw LuaArgumentError(index: 1, message: "field 'units': positive layer sizes expected, e.g. {64, 32}")
        }
        let config = ModelConfig.prototype(sequenceLength: sequence, featureCount: featureCount, lstmUnits: units,
                                           denseUnits: dense, dropout: dropout, name: name)
        return (config, WindowingSpec(sequenceLength: sequence, horizon: horizon, trainFraction: trainFraction), seed)
    }

    static var lstmSpec: LuaFunctionSpec {
        LuaFunctionSpec(
            "lstm", "lstm{units={64,32}, dense={32,16}, dropout=0.2, sequence=60, features=19, horizon=5, seed=7}",
            "A new LSTM classifier; the defaults are the prototype's model (35,521 parameters).",
            details: """
                Input (sequence, features) → LSTM layers (units) with dropout → Dense relu layers → Dense(1, sigmoid).
                Keras semantics (gates i, f, c, o; glorot/orthogonal init; unit forget bias). Trains on the seed19
                features of bars by default; labels: close[t + horizon] > close[t]; chronological split with a gap
                of `horizon` bars; the min-max scaler is fitted on the training rows only.
                Methods: fit, evaluate, predict, predict_series, stream, forward, save, params, summary.
                """
        ) { call in
            let o = try call.options(1, function: "lstm")
            let (config, windowing, seed) = try config(o)
            try o.finish()
            do {
                let names = config.featureCount == Seed19.names.count ? Seed19.names : nil
                call.push(try LSTMModel(config: config, featureNames: names, windowing: windowing, seed: seed),
                          as: modelClass)
            } catch {
                throw LuaArgumentError(index: 1, message: "\(error)")
            }
            return 1
        }
    }

    static var loadSpec: LuaFunctionSpec {
        LuaFunctionSpec("load", "load(path)", "Loads a model saved with model:save (checksum verified; nothing loaded on error).") {
            call in
            call.push(try LSTMModel.load(from: try call.string(1)), as: modelClass)
            return 1
        }
    }

    // MARK: Features from bars

    /// The feature matrix for `model` from argument `i`: bars (seed19 computed here) or a Frame with its columns.
    static func features(_ call: LuaCall, _ i: Int32, names: [String]) throws -> (FeatureMatrix, BarSeries?) {
        if let frameObject = call.state.object(at: i, of: FrameBinding.cls) {
            return (try matrix(frameObject.value, names: names, argument: i), nil)
        }
        let bars = try BarSeriesBinding.bars(call, i)
        guard names == Seed19.names else {
            throw LuaArgumentError(
                index: i, message: "this model uses the features \(names.prefix(5).joined(separator: ", "))…; pass them as a Frame")
        }
        return (try matrix(Seed19.compute(bars), names: names, argument: i), bars)
    }

    static func matrix(_ frame: Frame, names: [String], argument: Int32) throws -> FeatureMatrix {
        var columns: [[Double]] = []
        for name in names {
            guard let c = frame[name] else {
                throw LuaArgumentError(index: argument, message: "the frame has no column '\(name)' (the model needs \(names.count) features: \(names.joined(separator: ", ")))")
            }
            columns.append(c)
        }
        let rows = frame.rowCount
        var values = [Double](repeating: 0, count: rows * names.count)
        for (k, c) in columns.enumerated() {
            for r in 0..<rows { values[r * names.count + k] = c[r] }
        }
        return try FeatureMatrix(rowCount: rows, columns: names, values: values)
    }

    /// Direction labels for bars (`close[t + h] > close[t]`), NaN for the last `h` bars.
    static func labels(_ call: LuaCall, bars: BarSeries?, horizon: Int, options o: LuaOptions) throws -> [Float] {
        if let s = try o.object("labels", of: SeriesBinding.cls) { return s.value.values.map { Float($0) } }
        guard let bars else {
            throw LuaArgumentError(index: 3, message: "field 'labels': a Series of 0/1 labels is needed when features are a Frame")
        }
        return Windowing.directionLabels(closes: bars.close, horizon: horizon)
    }

    // MARK: The model class

    nonisolated(unsafe) static let modelClass: LuaClass<LSTMModel> = {
        var cls = LuaClass<LSTMModel>("lunar.LSTM", summary: "An LSTM binary classifier of the next move.")
        cls.methods = [
            LuaMethod("params", "params()", "Number of weights and biases.") { m, call in
                call.push(m.parameterCount)
                return 1
            },
            LuaMethod("summary", "summary()", "A Keras-like table of the layers (also printed).") { m, call in
                call.push(m.summary())
                return 1
            },
            LuaMethod(
                "fit", "fit(bars_or_frame, {epochs=50, batch_size=32, patience=10, lr=1e-3, seed=, class_weight=, reduce_lr=, clip=, verbose=true, labels=})",
                "Trains (early stopping restores the best weights); returns the history. Ctrl-C stops after the batch."
            ) { m, call in
                let (features, bars) = try features(call, 2, names: m.featureNames)
                let o = try call.options(3, function: "fit")
                var options = TrainingOptions()
                options.epochs = try o.integer("epochs", default: options.epochs)
                options.batchSize = try o.integer("batch_size", default: options.batchSize)
                if o.type("patience") == .boolean { _ = try o.boolean("patience", default: true); options.earlyStoppingPatience = nil }
                else { options.earlyStoppingPatience = try o.integer("patience") ?? options.earlyStoppingPatience }
                // Like Keras: the best epoch's weights come back with early stopping; without it the last stay.
                options.restoreBestWeights = try o.boolean("restore_best", default: options.earlyStoppingPatience != nil)
                options.optimizer.learningRate = Float(try o.number("lr", default: Double(options.optimizer.learningRate)))
                options.seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: Int(options.seed)))
                if let clip = try o.numberIfPresent("clip") { options.clipping = .norm(Float(clip)) }
                switch try o.stringIfPresent("class_weight") {
                case nil: break
                case "balanced": options.classWeights = .balanced
                case let other?: throw LuaArgumentError(index: 3, message: "field 'class_weight': 'balanced' expected, got '\(other)'")
                }
                if try o.boolean("reduce_lr", default: false) { options.reduceLROnPlateau = ReduceLROnPlateau() }
                let verbose = try o.boolean("verbose", default: true)
                let labels = try labels(call, bars: bars, horizon: m.metadata.windowing.horizon, options: o)
                try o.finish()
                let bar = verbose ? ProgressBar(epochs: options.epochs) : nil
                let history = try m.fit(features: features, labels: labels, options: options,
                                        progress: bar.map { b in { b.report($0) } }, shouldStop: { Interrupt.isRequested })
                bar?.finish(history)
                if history.stopReason == .cancelled {
                    // Ctrl-C stopped training: keep the history and the best weights, and let the caller go on.
                    Interrupt.clear()
                    Interrupt.arm(call.state)
                }
                call.push(historyTable(history))
                return 1
            },
            LuaMethod("evaluate", "evaluate(bars_or_frame [, {threshold=0.5, labels=}])",
                      "Accuracy beside the base rate, AUC, log-loss, Brier, precision/recall/F1, confusion, calibration.") {
                m, call in
                let (features, bars) = try features(call, 2, names: m.featureNames)
                let o = try call.options(3, function: "evaluate")
                let threshold = try o.number("threshold", default: 0.5)
                let labels = try labels(call, bars: bars, horizon: m.metadata.windowing.horizon, options: o)
                try o.finish()
                call.push(reportTable(try m.evaluate(features: features, labels: labels, threshold: threshold)))
                return 1
            },
            LuaMethod("predict", "predict(bars_or_frame)", "Probability of an up move after the last bar.") { m, call in
                let (features, _) = try features(call, 2, names: m.featureNames)
                call.push(Double(try m.predictLatest(features: features)))
                return 1
            },
            LuaMethod("predict_series", "predict_series(bars_or_frame)", "Probability for every bar (NaN before the first full window).") {
                m, call in
                let (features, bars) = try features(call, 2, names: m.featureNames)
                let p = try m.predictSeries(features: features)
                let time = bars?.time ?? call.state.object(at: 2, of: FrameBinding.cls)?.value.time ?? []
                return SeriesBinding.push(Series(name: "probability", time: time, values: p.map { Double($0) }), call)
            },
            LuaMethod("stream", "stream()", "A streaming predictor: :push(bar) → probability (nil until warmed up).") {
                m, call in
                call.push(StreamBinding.Object(model: m, stream: try m.stream()), as: StreamBinding.cls)
                return 1
            },
            LuaMethod("forward", "forward(tensor)", "The raw network on a (batch, sequence, features) tensor (no scaling).") {
                m, call in
                let input = try call.object(2, of: TensorBinding.cls).value
                return TensorBinding.push(try m.forward(input), call)
            },
            LuaMethod("save", "save(path)", "Saves weights and metadata (safetensors + JSON, checksum; atomic).") { m, call in
                try m.save(to: try call.string(2))
                return 0
            },
            LuaMethod("metadata", "metadata()", "Architecture, features, scaler, windowing, training range and metrics (JSON text).") {
                m, call in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                call.push(String(decoding: try encoder.encode(m.metadata), as: UTF8.self))
                return 1
            },
        ]
        cls.methods.append(ReportBinding.modelReport)
        cls.describe = { m in
            "LSTM '\(m.config.name)': input (\(m.config.sequenceLength), \(m.config.featureCount)), \(m.parameterCount) parameters, " + (m.isFitted ? "trained" : "not trained")
        }
        cls.hasCloseMethod = false
        return cls
    }()

    static func historyTable(_ h: TrainingHistory) -> LuaValue {
        var t: [LuaValue: LuaValue] = [:]
        t[.string("loss")] = .array(h.epochs.map { .number($0.loss) })
        t[.string("accuracy")] = .array(h.epochs.map { .number($0.accuracy) })
        t[.string("val_loss")] = .array(h.epochs.map { .number($0.valLoss ?? .nan) })
        t[.string("val_accuracy")] = .array(h.epochs.map { .number($0.valAccuracy ?? .nan) })
        t[.string("val_auc")] = .array(h.epochs.map { .number($0.valAUC ?? .nan) })
        t[.string("seconds")] = .array(h.epochs.map { .number($0.seconds) })
        if let best = h.bestEpoch { t[.string("best_epoch")] = .integer(Int64(best)) }
        t[.string("stopped")] = .string(h.stopReason.rawValue)
        return .table(t)
    }

    static func reportTable(_ r: ClassificationReport) -> LuaValue {
        var t: [LuaValue: LuaValue] = [:]
        t[.string("count")] = .integer(Int64(r.count))
        t[.string("accuracy")] = .number(r.accuracy)
        t[.string("base_rate")] = .number(r.baseRate)
        t[.string("positive_rate")] = .number(r.positiveRate)
        t[.string("auc")] = .number(r.auc)
        t[.string("log_loss")] = .number(r.logLoss)
        t[.string("brier")] = .number(r.brier)
        t[.string("threshold")] = .number(r.threshold)
        t[.string("precision")] = .number(r.precision)
        t[.string("recall")] = .number(r.recall)
        t[.string("f1")] = .number(r.f1)
        t[.string("confusion")] = .table([
            .string("tp"): .integer(Int64(r.confusion.truePositives)), .string("fp"): .integer(Int64(r.confusion.falsePositives)),
            .string("tn"): .integer(Int64(r.confusion.trueNegatives)), .string("fn"): .integer(Int64(r.confusion.falseNegatives)),
        ])
        t[.string("calibration")] = .array(r.calibration.map { b in
            .table([.string("lower"): .number(b.lower), .string("upper"): .number(b.upper), .string("count"): .integer(Int64(b.count)),
                    .string("mean_predicted"): .number(b.meanPredicted), .string("observed"): .number(b.observedRate)])
        })
        t[.string("summary")] = .string(r.summary)
        return .table(t)
    }

    // MARK: Ensembles, tensors

    static var ensembleSpec: LuaFunctionSpec {
        LuaFunctionSpec("ensemble", "ensemble{n=3, seed=7, sequence=60}",
                        "N members ([64,32]/0.2, [128,64]/0.3, [96,48]/0.25, …) trained in parallel; :fit, :predict_with_confidence, :save.") {
            call in
            let o = try call.options(1, function: "ensemble")
            let n = try o.integer("n", default: 3)
            let seed = UInt64(truncatingIfNeeded: try o.integer("seed", default: 7))
            let sequence = try o.integer("sequence", default: 60)
            try o.finish()
            guard n >= 1 else { throw LuaArgumentError(index: 1, message: "field 'n': at least 1 member") }
            call.push(try LSTMEnsemble.standard(n: n, sequenceLength: sequence, featureCount: Seed19.names.count,
                                                featureNames: Seed19.names, seed: seed), as: EnsembleBinding.cls)
            return 1
        }
    }

    static var loadEnsembleSpec: LuaFunctionSpec {
        LuaFunctionSpec("load_ensemble", "load_ensemble(path)", "Loads an ensemble saved with ensemble:save.") { call in
            call.push(try LSTMEnsemble.load(from: try call.string(1)), as: EnsembleBinding.cls)
            return 1
        }
    }

    static var loadNPYSpec: LuaFunctionSpec {
        LuaFunctionSpec("load_npy", "load_npy(path)", "A NumPy .npy file (float32 or float64) as a Tensor.") { call in
            TensorBinding.push(try NPY.read(path: try call.string(1)).tensor, call)
        }
    }

    static var tensorSpec: LuaFunctionSpec {
        LuaFunctionSpec("tensor", "tensor(shape, values)", "A Tensor from a shape {d1, d2, …} and a flat array of numbers.") { call in
            let shape = try call.table(1).numbers().map { Int($0) }
            let values = try call.table(2).numbers().map { Float($0) }
            do { return TensorBinding.push(try Tensor(shape: shape, values: values), call) } catch {
                throw LuaArgumentError(index: 2, message: "\(error)")
            }
        }
    }
}

/// Per-epoch progress on stderr when it is a terminal; silent otherwise (scripts, CI logs).
final class ProgressBar: @unchecked Sendable {
    let epochs: Int
    let tty = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()

    init(epochs: Int) { self.epochs = epochs }

    func report(_ p: TrainingProgress) {
        lock.lock()
        defer { lock.unlock() }
        switch p {
        case .batch(let epoch, let batch, let batches, let loss, let accuracy):
            guard tty else { return }
            let width = 24, done = batches > 0 ? width * batch / batches : 0
            let bar = String(repeating: "━", count: done) + String(repeating: "╌", count: width - done)
            write(String(format: "\rEpoch %d/%d %@ %d/%d loss %.4f acc %.3f", epoch, epochs, bar, batch, batches, loss, accuracy))
        case .epoch(let e):
            let line = String(format: "Epoch %d/%d loss %.4f acc %.3f val_loss %.4f val_acc %.3f val_auc %.3f (%.2f s)",
                              e.epoch, epochs, e.loss, e.accuracy, e.valLoss ?? .nan, e.valAccuracy ?? .nan,
                              e.valAUC ?? .nan, e.seconds)
            if tty { write("\r" + line + "\u{1B}[K\n") }
        }
    }

    func finish(_ h: TrainingHistory) {
        guard tty else { return }
        write("\r\u{1B}[K")  // clear a half-drawn batch line (Ctrl-C stops mid-epoch)
        if let best = h.bestEpoch { write("best epoch \(best) (\(h.stopReason.rawValue))\n") }
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}

/// `lunar.Tensor`: float32 values with a shape.
enum TensorBinding {
    nonisolated(unsafe) static let cls: LuaClass<Shared<Tensor>> = {
        var cls = LuaClass<Shared<Tensor>>("lunar.Tensor", summary: "A float32 tensor (row-major) with a shape.")
        cls.methods = [
            LuaMethod("shape", "shape()", "The dimensions.") { t, call in
                call.push(.array(t.value.shape.map { .integer(Int64($0)) }))
                return 1
            },
            LuaMethod("totable", "totable()", "The values as a flat Lua array.") { t, call in
                call.push(.array(t.value.values.map { .number(Double($0)) }))
                return 1
            },
            LuaMethod("write_npy", "write_npy(path)", "Writes a NumPy .npy file (float32).") { t, call in
                try NPY.write(t.value, to: try call.string(2))
                return 0
            },
        ]
        cls.length = { $0.value.count }
        cls.element = { t, i, call in
            let k = i - 1
            if t.value.values.indices.contains(k) { call.push(Double(t.value.values[k])) } else { call.pushNil() }
            return 1
        }
        cls.describe = { "Tensor\($0.value.shapeDescription)" }
        cls.hasCloseMethod = false
        return cls
    }()

    static func push(_ t: Tensor, _ call: LuaCall) -> Int32 {
        call.push(Shared(t), as: cls)
        return 1
    }
}

/// `lunar.ModelStream`: one bar at a time.
enum StreamBinding {
    /// Keeps the last bars so the features of the newest bar can be computed; 400 bars make the exponential
    /// features (EMA 26 inside MACD) differ from full-history values by less than 1e-9 relative.
    final class Object {
        let model: LSTMModel
        let stream: ModelStream
        var time: [Int64] = [], open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
        var volume: [Double] = []
        static let history = 400
        init(model: LSTMModel, stream: ModelStream) {
            self.model = model
            self.stream = stream
        }
    }

    nonisolated(unsafe) static let cls: LuaClass<Object> = {
        var cls = LuaClass<Object>("lunar.ModelStream", summary: "Streaming predictions, one bar at a time.")
        cls.methods = [
            LuaMethod("push", "push(bar)", "Adds a bar {open=, high=, low=, close=, volume=, time=}; returns the probability or nil while warming up.") {
                s, call in
                let t = try call.table(2)
                func field(_ k: String) throws -> Double { try LuaOptions.number(in: t, k) }
                let time = try field("time")
                s.time.append(time.isNaN ? Int64(s.time.count) * 86_400 : Int64(time))
                s.open.append(try field("open"))
                s.high.append(try field("high"))
                s.low.append(try field("low"))
                s.close.append(try field("close"))
                s.volume.append(try field("volume"))
                if s.close.count > Object.history {
                    s.time.removeFirst(); s.open.removeFirst(); s.high.removeFirst(); s.low.removeFirst()
                    s.close.removeFirst(); s.volume.removeFirst()
                }
                let bars = try BarSeries(time: s.time, open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume)
                let frame = Seed19.compute(bars)
                let last = frame.rowCount - 1
                let row = s.model.featureNames.map { Float(frame[$0]?[last] ?? .nan) }
                guard !row.contains(where: { $0.isNaN }) else { call.pushNil(); return 1 }
                let p = try s.stream.push(row)
                if p.isNaN { call.pushNil() } else { call.push(Double(p)) }
                return 1
            },
            LuaMethod("reset", "reset()", "Forgets the state and the bars.") { s, _ in
                s.stream.reset()
                s.time = []; s.open = []; s.high = []; s.low = []; s.close = []; s.volume = []
                return 0
            },
        ]
        cls.describe = { "ModelStream(\($0.stream.count) rows pushed, lookback \($0.stream.lookback))" }
        cls.hasCloseMethod = false
        return cls
    }()
}

/// `lunar.LSTMEnsemble`.
enum EnsembleBinding {
    nonisolated(unsafe) static let cls: LuaClass<LSTMEnsemble> = {
        var cls = LuaClass<LSTMEnsemble>("lunar.LSTMEnsemble", summary: "Several LSTM models voting with a confidence.")
        cls.methods = [
            LuaMethod("fit", "fit(bars, {epochs=, patience=, …})", "Trains every member in parallel; returns their histories.") {
                e, call in
                let names = e.members[0].featureNames
                let (features, bars) = try NeuralNetBinding.features(call, 2, names: names)
                let o = try call.options(3, function: "fit")
                var options = TrainingOptions()
                options.epochs = try o.integer("epochs", default: options.epochs)
                options.batchSize = try o.integer("batch_size", default: options.batchSize)
                options.earlyStoppingPatience = try o.integer("patience") ?? options.earlyStoppingPatience
                let labels = try NeuralNetBinding.labels(call, bars: bars, horizon: e.members[0].metadata.windowing.horizon,
                                                         options: o)
                try o.finish()
                let histories = try e.fit(features: features, labels: labels, options: options, shouldStop: { Interrupt.isRequested })
                call.push(.array(histories.map(NeuralNetBinding.historyTable)))
                return 1
            },
            LuaMethod("predict_with_confidence", "predict_with_confidence(bars)",
                      "Mean probability, confidence (1 − 2·std) and agreement (share on the mean's side) at the last bar.") {
                e, call in
                let (features, _) = try NeuralNetBinding.features(call, 2, names: e.members[0].featureNames)
                let p = try e.predictWithConfidence(features: features)
                call.push(Double(p.probability))
                call.push(Double(p.confidence))
                call.push(Double(p.agreement))
                return 3
            },
            LuaMethod("predict_series", "predict_series(bars)",
                      "Mean probability of the members for every bar (NaN before the first full window).") { e, call in
                let (features, bars) = try NeuralNetBinding.features(call, 2, names: e.members[0].featureNames)
                let p = try e.predictSeriesWithConfidence(features: features).map { Double($0.probability) }
                let time = bars?.time ?? call.state.object(at: 2, of: FrameBinding.cls)?.value.time ?? []
                return SeriesBinding.push(Series(name: "probability", time: time, values: p), call)
            },
            LuaMethod("save", "save(path)", "Saves every member in one file.") { e, call in
                try e.save(to: try call.string(2))
                return 0
            },
        ]
        cls.length = { $0.members.count }
        cls.describe = { "LSTMEnsemble: \($0.members.count) members (" + $0.members.map { "\($0.parameterCount)" }.joined(separator: ", ") + " parameters)" }
        cls.hasCloseMethod = false
        return cls
    }()
}
