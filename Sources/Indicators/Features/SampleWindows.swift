import MarketData

/// Sequence samples over a feature frame, split chronologically per shared/spec/features.md.
public struct SampleWindows: Sendable, Equatable {
    /// Sequence length L: a sample ending at bar t covers feature rows t−L+1 … t.
    public let sequenceLength: Int
    /// Label horizon H.
    public let horizon: Int
    /// End bars of the training samples, ascending.
    public let train: [Int]
    /// End bars of the validation samples, ascending.
    public let validation: [Int]

    /// Builds samples whose L rows are all complete and whose label is defined, then gives the first
    /// `trainFraction` of them to training and the rest, after a gap of H bars, to validation.
    ///
    /// A validation sample never includes a bar up to `lastTrain + H` (the last training label's future).
    public init(
        frame: Frame, labels: [Double], sequenceLength: Int = 60, horizon: Int = 5, trainFraction: Double = 0.8
    ) throws(FeatureError) {
        guard sequenceLength >= 1 else { throw .invalidArgument("sequence length must be at least 1") }
        guard horizon >= 1 else { throw .invalidArgument("horizon must be at least 1") }
        guard trainFraction > 0 && trainFraction < 1 else { throw .invalidArgument("trainFraction must be in (0, 1)") }
        guard labels.count == frame.rowCount else {
            throw .invalidArgument("labels (\(labels.count)) and frame rows (\(frame.rowCount)) differ in length")
        }
        let n = frame.rowCount
        var complete = [Bool](repeating: true, count: n)
        for col in frame.columns {
            for i in 0..<n where col[i].isNaN { complete[i] = false }
        }
        var ends: [Int] = []
        var run = 0
        for t in 0..<n {
            run = complete[t] ? run + 1 : 0
            if run >= sequenceLength && !labels[t].isNaN { ends.append(t) }
        }
        let nTrain = Int((Double(ends.count) * trainFraction).rounded(.down))
        let train = Array(ends.prefix(nTrain))
        var validation: [Int] = []
        let lastTrain = train.last ?? Int.min / 2
        for t in ends.dropFirst(nTrain) where t - sequenceLength + 1 > lastTrain + horizon {
            validation.append(t)
        }
        self.sequenceLength = sequenceLength
        self.horizon = horizon
        self.train = train
        self.validation = validation
    }

    /// Feature rows used by training samples (for fitting a scaler), ascending and unique.
    public var trainingRows: [Int] {
        guard let first = train.first, let last = train.last else { return [] }
        return Array((first - sequenceLength + 1)...last)
    }
}
