import Foundation

/// Class weights multiplying each sample's loss.
public enum ClassWeights: Codable, Sendable, Equatable {
    /// n / (2 · n_class) for each class (scikit-learn's "balanced").
    case balanced
    /// Explicit weights for labels 0 and 1.
    case explicit(negative: Float, positive: Float)

    func resolve(labels: [Float]) -> (Float, Float) {
        switch self {
        case .explicit(let n, let p): return (n, p)
        case .balanced:
            let pos = labels.filter { $0 > 0.5 }.count, neg = labels.count - pos
            let n = Float(labels.count)
            return (neg > 0 ? n / (2 * Float(neg)) : 1, pos > 0 ? n / (2 * Float(pos)) : 1)
        }
    }
}

/// Reduce the learning rate when validation loss stops improving (Keras `ReduceLROnPlateau` on `val_loss`).
public struct ReduceLROnPlateau: Codable, Sendable, Equatable {
    /// Multiplier applied to the learning rate.
    public var factor: Float = 0.1
    /// Epochs without improvement before reducing.
    public var patience: Int = 10
    /// Lower bound of the learning rate.
    public var minLearningRate: Float = 0
    /// Epochs to wait after a reduction before counting again.
    public var cooldown: Int = 0

    /// Keras's defaults, or the given values.
    public init(factor: Float = 0.1, patience: Int = 10, minLearningRate: Float = 0, cooldown: Int = 0) {
        self.factor = factor
        self.patience = patience
        self.minLearningRate = minLearningRate
        self.cooldown = cooldown
    }
}

/// Options of ``Trainer/fit(_:train:validation:options:progress:shouldStop:)``; defaults follow the prototype.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// Maximum number of passes over the training windows.
    public var epochs: Int = 50
    /// Windows per optimiser step.
    public var batchSize: Int = 32
    /// Adam's hyper-parameters.
    public var optimizer = AdamConfig()
    /// Optional gradient clipping before each step.
    public var clipping: GradientClipping?
    /// Stop after this many epochs without a lower validation loss; nil disables early stopping.
    public var earlyStoppingPatience: Int? = 10
    /// At the end put back the weights of the epoch with the lowest validation loss (Keras's
    /// `EarlyStopping(restore_best_weights=True)`); when false the last epoch's weights stay, as in Keras without
    /// the callback. A cancelled run (Ctrl-C) always puts back the best weights.
    public var restoreBestWeights = true
    /// Optional learning-rate reduction on plateaus of the validation loss.
    public var reduceLROnPlateau: ReduceLROnPlateau?
    /// Optional class weights.
    public var classWeights: ClassWeights?
    /// Seed of shuffling and dropout (weights are seeded when the network is made).
    public var seed: UInt64 = 7
    /// Shuffle training windows every epoch.
    public var shuffle = true
    /// Parts each batch is split into for data-parallel gradients; fixed so results do not depend on threads.
    public var shards = 2
    /// Threads to use; nil means ``Parallel/maxThreads``.
    public var threads: Int?

    /// The defaults.
    public init() {}
}

/// Metrics of one epoch.
public struct EpochMetrics: Codable, Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (with dropout and class weights).
    public var loss: Double
    /// Training accuracy over the epoch (with dropout).
    public var accuracy: Double
    /// Validation loss (inference mode); nil without validation data.
    public var valLoss: Double?
    /// Validation accuracy at 0.5.
    public var valAccuracy: Double?
    /// Validation ROC AUC.
    public var valAUC: Double?
    /// Learning rate used during the epoch.
    public var learningRate: Double
    /// Wall time of the epoch including validation.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case epoch, loss, accuracy, seconds
        case valLoss = "val_loss"
        case valAccuracy = "val_accuracy"
        case valAUC = "val_auc"
        case learningRate = "learning_rate"
    }
}

/// Why training ended.
public enum StopReason: String, Codable, Sendable {
    /// All epochs ran.
    case completed
    /// Validation loss stopped improving for `patience` epochs.
    case earlyStopping = "early_stopping"
    /// The caller's `shouldStop` returned true.
    case cancelled
}

/// Per-epoch history of a fit.
public struct TrainingHistory: Codable, Sendable, Equatable {
    /// One entry per finished epoch.
    public var epochs: [EpochMetrics] = []
    /// 1-based epoch with the lowest validation loss (nil without validation).
    public var bestEpoch: Int?
    /// Why training ended.
    public var stopReason: StopReason = .completed
    /// Whether the best epoch's weights were put back.
    public var restoredBestWeights = false

    /// Validation losses per epoch (NaN where absent).
    public var valLoss: [Double] { epochs.map { $0.valLoss ?? .nan } }

    enum CodingKeys: String, CodingKey {
        case epochs
        case bestEpoch = "best_epoch"
        case stopReason = "stop_reason"
        case restoredBestWeights = "restored_best_weights"
    }
}

/// Progress reported during a fit, for a progress bar.
public enum TrainingProgress: Sendable {
    /// After every batch: running means of loss and accuracy over the epoch so far.
    case batch(epoch: Int, batch: Int, batches: Int, loss: Double, accuracy: Double)
    /// After every epoch.
    case epoch(EpochMetrics)
}

/// Mini-batch training of a binary classifier with Adam and binary cross-entropy.
public enum Trainer {
    /// Parts the optimiser step is split into (at most the thread count), and the fewest parameters per part.
    static let adamParts = 2
    static let adamSplitMinimum = 4096

    /// Trains `network` on `train`, validating on `validation` after each epoch; returns the history.
    ///
    /// Each batch is split into `options.shards` parts whose gradients are computed in parallel and summed in a
    /// fixed order, so the same seed and data give the same weights whatever the thread count. `shouldStop` is
    /// polled after every batch; when it returns true training stops, keeping the best weights so far.
    public static func fit(
        _ network: LSTMNetwork, train: WindowDataset, validation: WindowDataset?,
        options: TrainingOptions = .init(), progress: ((TrainingProgress) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws -> TrainingHistory {
        try check(network, train, validation, options)
        BLAS.ensureConfigured()
        let n = train.count
        let batchSize = options.batchSize
        let shards = max(1, min(options.shards, batchSize))
        let shardCapacity = (batchSize + shards - 1) / shards
        let threads = options.threads ?? Parallel.maxThreads
        let workspaces = (0..<shards).map { _ in network.makeWorkspace(batch: shardCapacity, training: true) }
        let gradients = (0..<shards).map { _ in Buffer(network.parameterCount) }
        let dLogits = (0..<shards).map { _ in Buffer(shardCapacity) }
        let sampleWeights = (0..<shards).map { _ in Buffer(shardCapacity) }
        let adam = AdamOptimizer(parameterCount: network.parameterCount, config: options.optimizer)
        let gradientPointers = UnsafeMutablePointer<UnsafePointer<Float>?>.allocate(capacity: shards)
        defer { gradientPointers.deallocate() }
        let inference = BatchInference(network: network)
        let weights = options.classWeights?.resolve(labels: train.labels)
        var order = Array(0..<n)
        var history = TrainingHistory()
        var best = Buffer(0)
        var bestLoss = Double.infinity
        var wait = 0, plateauWait = 0, cooldown = 0
        var learningRate = options.optimizer.learningRate
        var shardLoss = [Double](repeating: 0, count: shards), shardCorrect = [Int](repeating: 0, count: shards)

        epochs: for epoch in 1...options.epochs {
            let start = Date()
            if options.shuffle {
                var rng = SeededGenerator(seed: options.seed, stream: epoch)
                order.shuffle(using: &rng)
            }
            adam.config.learningRate = learningRate
            var lossSum = 0.0, correct = 0, seen = 0
            let batches = (n + batchSize - 1) / batchSize
            for batch in 0..<batches {
                let b0 = batch * batchSize, bCount = min(batchSize, n - b0)
                let per = (bCount + shards - 1) / shards
                order.withUnsafeBufferPointer { ord in
                    let box = UncheckedBox(ord)
                    shardLoss.withUnsafeMutableBufferPointer { lossOut in
                        shardCorrect.withUnsafeMutableBufferPointer { correctOut in
                            let outs = UncheckedBox((lossOut, correctOut))
                            Parallel.forEach(shards, threads: threads) { s in
                                let lo = min(bCount, s * per), hi = min(bCount, lo + per)
                                outs.value.0[s] = 0
                                outs.value.1[s] = 0
                                guard hi > lo else { return }
                                let rows = hi - lo, ws = workspaces[s]
                                let idx = UnsafeBufferPointer(rebasing: box.value[(b0 + lo)..<(b0 + hi)])
                                train.gather(idx, into: ws.x.pointer)
                                var rng = SeededGenerator(seed: options.seed, stream: epoch, batch, s)
                                let probs = network.forward(ws, batch: rows, training: true, rng: &rng)
                                let logits = network.lastPreActivation(ws)!
                                let y = dLogits[s].pointer  // reuse: labels first, then the gradient
                                var labels = [Float](repeating: 0, count: rows)
                                for k in 0..<rows { labels[k] = train.labels[idx[k]] }
                                let sw: UnsafeMutablePointer<Float>? = weights.map { w in
                                    for k in 0..<rows { sampleWeights[s].pointer[k] = labels[k] > 0.5 ? w.1 : w.0 }
                                    return sampleWeights[s].pointer
                                }
                                var good = 0
                                for k in 0..<rows where (probs[k] > 0.5) == (labels[k] > 0.5) { good += 1 }
                                let loss = labels.withUnsafeBufferPointer {
                                    BinaryCrossEntropy.lossAndGradient(
                                        logits: logits, probabilities: probs, labels: $0.baseAddress!, weights: sw,
                                        count: rows, divisor: bCount, gradient: y)
                                }
                                network.backward(ws, batch: rows, dOutput: y, wrtPreActivation: true,
                                                 gradients: gradients[s].pointer)
                                outs.value.0[s] = loss
                                outs.value.1[s] = good
                            }
                        }
                    }
                }
                // sum shard gradients in a fixed order, then Adam; elements are independent, so the parameter
                // range is split over the threads in fixed contiguous parts (same bits for any thread count)
                let count = network.parameterCount
                var active = 1
                while active < shards && active * per < bCount { active += 1 }
                for s in 0..<active { gradientPointers[s] = UnsafePointer(gradients[s].pointer) }
                if let clipping = options.clipping {
                    let g0 = gradients[0].pointer
                    for s in 1..<active {
                        let gs = gradients[s].pointer
                        for i in 0..<count { g0[i] += gs[i] }
                    }
                    AdamOptimizer.clip(g0, count: count, clipping: clipping, tensors: network.tensors)
                    active = 1
                }
                let step = adam.beginStep()
                let parts = count >= 2 * adamSplitMinimum ? min(threads, adamParts) : 1
                let partSize = ((count + parts - 1) / parts + 15) & ~15
                let wp = UncheckedBox(network.weights.pointer), gp = UncheckedBox(gradientPointers)
                Parallel.forEach(parts, threads: threads) { p in
                    let lo = min(count, p * partSize), hi = min(count, lo + partSize)
                    if hi > lo {
                        adam.apply(step, weights: wp.value, gradients: UnsafePointer(gp.value), count: active,
                                   range: lo..<hi)
                    }
                }
                lossSum += shardLoss.reduce(0, +)
                correct += shardCorrect.reduce(0, +)
                seen += bCount
                progress?(.batch(epoch: epoch, batch: batch + 1, batches: batches, loss: lossSum / Double(seen),
                                 accuracy: Double(correct) / Double(seen)))
                if let shouldStop, shouldStop() {
                    history.stopReason = .cancelled
                    break epochs
                }
            }
            var record = EpochMetrics(
                epoch: epoch, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen), valLoss: nil,
                valAccuracy: nil, valAUC: nil, learningRate: Double(learningRate), seconds: 0)
            if let validation, validation.count > 0 {
                let p = inference.predict(validation, threads: threads)
                let valLoss = Metrics.logLoss(probabilities: p, labels: validation.labels)
                record.valLoss = valLoss
                record.valAccuracy = Metrics.accuracy(probabilities: p, labels: validation.labels)
                record.valAUC = Metrics.auc(probabilities: p, labels: validation.labels)
                if valLoss < bestLoss {
                    bestLoss = valLoss
                    history.bestEpoch = epoch
                    // Kept even without restoreBestWeights: Ctrl-C always keeps the best weights.
                    if best.count != network.parameterCount { best = Buffer(network.parameterCount) }
                    best.copy(from: network.weights)
                    wait = 0
                } else {
                    wait += 1
                }
                if let plateau = options.reduceLROnPlateau {
                    if cooldown > 0 {
                        cooldown -= 1
                        plateauWait = 0
                    }
                    if history.bestEpoch == epoch {
                        plateauWait = 0
                    } else if cooldown == 0 {
                        plateauWait += 1
                        if plateauWait >= plateau.patience && learningRate > plateau.minLearningRate {
                            learningRate = max(learningRate * plateau.factor, plateau.minLearningRate)
                            cooldown = plateau.cooldown
                            plateauWait = 0
                        }
                    }
                }
            }
            record.seconds = Date().timeIntervalSince(start)
            history.epochs.append(record)
            progress?(.epoch(record))
            if let patience = options.earlyStoppingPatience, validation != nil, wait >= patience {
                history.stopReason = .earlyStopping
                break
            }
        }
        if options.restoreBestWeights || history.stopReason == .cancelled, best.count == network.parameterCount,
            history.bestEpoch != history.epochs.last?.epoch || history.stopReason == .cancelled
        {
            network.weights.copy(from: best)
            history.restoredBestWeights = true
        }
        return history
    }

    private static func check(
        _ network: LSTMNetwork, _ train: WindowDataset, _ validation: WindowDataset?, _ options: TrainingOptions
    ) throws {
        guard network.config.isBinaryClassifier else {
            throw NeuralNetError.invalidConfig(
                "training needs a binary classifier: the last layer must be Dense(1, sigmoid)")
        }
        for (name, data) in [("training", train)] + (validation.map { [("validation", $0)] } ?? []) {
            guard data.sequenceLength == network.config.sequenceLength,
                data.featureCount == network.config.featureCount
            else {
                throw NeuralNetError.shapeMismatch(
                    expected: "windows of (\(network.config.sequenceLength), \(network.config.featureCount))",
                    got: "\(name) windows of (\(data.sequenceLength), \(data.featureCount))")
            }
            if let bad = data.labels.first(where: { $0 != 0 && $0 != 1 }) {
                throw NeuralNetError.invalidArgument("\(name) labels must be 0 or 1, found \(bad)")
            }
        }
        guard train.count > 0 else { throw NeuralNetError.invalidArgument("no training windows") }
        guard options.epochs >= 1, options.batchSize >= 1 else {
            throw NeuralNetError.invalidArgument("epochs and batch_size must be ≥ 1")
        }
    }
}
