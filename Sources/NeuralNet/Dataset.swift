import Foundation

/// A feature matrix: `rowCount` rows (bars) × `columns.count` features, row-major float32.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of rows (bars).
    public let rowCount: Int
    /// Feature names, one per column.
    public let columns: [String]
    /// Row-major values; NaN marks an undefined value (warm-up).
    public var values: [Float]

    /// Checks that `values` holds rowCount × columns.count numbers.
    public init(rowCount: Int, columns: [String], values: [Float]) throws {
        guard rowCount >= 0, values.count == rowCount * columns.count else {
            throw NeuralNetError.shapeMismatch(
                expected: "\(rowCount) rows × \(columns.count) columns = \(rowCount * columns.count) values",
                got: "\(values.count) values")
        }
        self.rowCount = rowCount
        self.columns = columns
        self.values = values
    }

    /// Converts double-precision values (e.g. from an indicator library) to float32.
    public init(rowCount: Int, columns: [String], values: [Double]) throws {
        try self.init(rowCount: rowCount, columns: columns, values: values.map { Float($0) })
    }

    /// Number of columns.
    public var columnCount: Int { columns.count }

    /// The value at (row, column).
    public subscript(row: Int, column: Int) -> Float { values[row * columns.count + column] }

    /// The first row from which every value is finite, after checking that no later value is NaN or infinite.
    ///
    /// Leading rows with a NaN or infinite value are warm-up; a non-finite value after them throws
    /// ``NeuralNetError/nonFiniteFeature(column:row:)`` naming the column and row. Returns `rowCount` if no row is
    /// complete.
    public func firstCompleteRow() throws -> Int {
        let f = columns.count
        var first = rowCount
        for r in 0..<rowCount {
            var complete = true
            for c in 0..<f where !values[r * f + c].isFinite {
                if first < rowCount { throw NeuralNetError.nonFiniteFeature(column: columns[c], row: r) }
                complete = false
                break
            }
            if complete && first == rowCount { first = r }
        }
        return first
    }
}

/// Windowing and split parameters of the spec (`features.md`): sequence 60, horizon 5, 80/20 chronological split.
public struct WindowingSpec: Codable, Sendable, Equatable {
    /// Rows per window (L).
    public var sequenceLength: Int = 60
    /// Bars ahead for the label and size of the gap between training and validation samples (H).
    public var horizon: Int = 5
    /// Share of samples (chronologically first) used for training.
    public var trainFraction: Double = 0.8

    /// The spec's defaults, or the given values.
    public init(sequenceLength: Int = 60, horizon: Int = 5, trainFraction: Double = 0.8) {
        self.sequenceLength = sequenceLength
        self.horizon = horizon
        self.trainFraction = trainFraction
    }

    enum CodingKeys: String, CodingKey {
        case sequenceLength = "sequence_length"
        case horizon
        case trainFraction = "train_fraction"
    }
}

/// Min-max scaler to [0, 1] fitted on training rows (scikit-learn's `MinMaxScaler` numbers; a constant column
/// gets range 1): x·scale + offset with scale = 1/(max − min), offset = −min·scale.
public struct MinMaxScaler: Codable, Sendable, Equatable {
    /// Per-column minimum of the fitted rows.
    public var dataMin: [Double]
    /// Per-column maximum of the fitted rows.
    public var dataMax: [Double]

    /// A scaler from explicit minima and maxima.
    public init(dataMin: [Double], dataMax: [Double]) {
        self.dataMin = dataMin
        self.dataMax = dataMax
    }

    /// Fits on `rows` of `matrix` (every value must be finite).
    public init(fitting matrix: FeatureMatrix, rows: Range<Int>) {
        let f = matrix.columnCount
        var lo = [Double](repeating: .infinity, count: f), hi = [Double](repeating: -.infinity, count: f)
        for r in rows {
            for c in 0..<f {
                let v = Double(matrix.values[r * f + c])
                lo[c] = min(lo[c], v)
                hi[c] = max(hi[c], v)
            }
        }
        self.init(dataMin: lo, dataMax: hi)
    }

    /// Per-column multiplier 1/(max − min), or 1 for a constant column.
    public var scale: [Double] { zip(dataMin, dataMax).map { $1 - $0 == 0 ? 1 : 1 / ($1 - $0) } }
    /// Per-column offset −min·scale.
    public var offset: [Double] { zip(dataMin, scale).map { -$0 * $1 } }

    /// Scales rows `rows` of `matrix` (computed in double, stored as float32).
    public func transform(_ matrix: FeatureMatrix, rows: Range<Int>) -> [Float] {
        let f = matrix.columnCount, s = scale, o = offset
        var out = [Float](repeating: 0, count: rows.count * f)
        var k = 0
        for r in rows {
            for c in 0..<f {
                out[k] = Float(Double(matrix.values[r * f + c]) * s[c] + o[c])
                k += 1
            }
        }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case dataMin = "data_min"
        case dataMax = "data_max"
    }
}

/// Windows over a scaled feature matrix, without copying them: window k is rows endRows[k]−L+1 … endRows[k].
public struct WindowDataset: Sendable {
    /// Scaled rows, row-major (rows × featureCount).
    public let rows: [Float]
    /// Features per row.
    public let featureCount: Int
    /// Rows per window.
    public let sequenceLength: Int
    /// Last row of each window (index into `rows`).
    public let endRows: [Int]
    /// Label of each window (0 or 1).
    public let labels: [Float]

    /// Windows ending at `endRows` with `labels`; throws if a window starts before row 0 or past the data.
    public init(rows: [Float], featureCount: Int, sequenceLength: Int, endRows: [Int], labels: [Float]) throws {
        guard featureCount > 0, rows.count % featureCount == 0 else {
            throw NeuralNetError.shapeMismatch(expected: "rows × \(featureCount) values", got: "\(rows.count) values")
        }
        let n = rows.count / featureCount
        guard endRows.count == labels.count else {
            throw NeuralNetError.shapeMismatch(expected: "\(endRows.count) labels", got: "\(labels.count)")
        }
        if let bad = endRows.first(where: { $0 < sequenceLength - 1 || $0 >= n }) {
            throw NeuralNetError.invalidArgument(
                "window ending at row \(bad) does not fit in \(n) rows with sequence length \(sequenceLength)")
        }
        self.rows = rows
        self.featureCount = featureCount
        self.sequenceLength = sequenceLength
        self.endRows = endRows
        self.labels = labels
    }

    /// Already-materialised windows (count × L × F, row-major) with their labels.
    public init(windows: [Float], count: Int, sequenceLength: Int, featureCount: Int, labels: [Float]) throws {
        guard windows.count == count * sequenceLength * featureCount else {
            throw NeuralNetError.shapeMismatch(
                expected: "\(count) × \(sequenceLength) × \(featureCount) values", got: "\(windows.count)")
        }
        // a window is stored as its own rows; the end row of window k is k·L + L − 1
        try self.init(rows: windows, featureCount: featureCount, sequenceLength: sequenceLength,
                      endRows: (0..<count).map { $0 * sequenceLength + sequenceLength - 1 }, labels: labels)
    }

    /// Number of windows.
    public var count: Int { endRows.count }

    /// Share of positive labels.
    public var positiveRate: Double {
        labels.isEmpty ? .nan : labels.reduce(0.0) { $0 + Double($1) } / Double(labels.count)
    }

    /// The first row of windows `start ..< start + count` when they are consecutive (each ends one row after the
    /// previous), else nil.
    func consecutiveStart(_ start: Int, count: Int) -> Int? {
        let e0 = endRows[start]
        for k in 1..<max(count, 1) where endRows[start + k] != e0 + k { return nil }
        return e0 - sequenceLength + 1
    }

    /// Copies windows `indices` into a time-major block (L·B × F, B = indices.count).
    func gather(_ indices: UnsafeBufferPointer<Int>, into x: UnsafeMutablePointer<Float>) {
        let b = indices.count, f = featureCount, l = sequenceLength
        rows.withUnsafeBufferPointer { src in
            let base = src.baseAddress!
            for (k, index) in indices.enumerated() {
                let start = endRows[index] - l + 1
                for s in 0..<l {
                    (x + (s * b + k) * f).update(from: base + (start + s) * f, count: f)
                }
            }
        }
    }

    /// The windows (count × L × F, row-major), materialised.
    public func materialized() -> [Float] {
        var out = [Float](repeating: 0, count: count * sequenceLength * featureCount)
        let step = sequenceLength * featureCount
        for k in 0..<count {
            let start = (endRows[k] - sequenceLength + 1) * featureCount
            for j in 0..<step { out[k * step + j] = rows[start + j] }
        }
        return out
    }
}

/// Training and validation windows prepared from features and labels as the spec says.
public struct PreparedData: Sendable {
    /// Training windows (the first share of samples).
    public let train: WindowDataset
    /// Validation windows (after a gap of `horizon` samples).
    public let validation: WindowDataset
    /// Scaler fitted on the rows covered by training windows.
    public let scaler: MinMaxScaler
    /// Feature names.
    public let featureNames: [String]
    /// First row of the input that is not warm-up.
    public let firstRow: Int
    /// Input row index of each training window's last bar.
    public let trainEndBars: [Int]
    /// Input row index of each validation window's last bar.
    public let validationEndBars: [Int]
}

/// Labels, windows, chronological split with a gap, and scaling (`features.md`).
public enum Windowing {
    /// Direction labels: 1 if close[t+H] > close[t], else 0; NaN for the last H bars.
    public static func directionLabels(closes: [Double], horizon: Int) -> [Float] {
        var y = [Float](repeating: .nan, count: closes.count)
        if closes.count > horizon {
            for t in 0..<(closes.count - horizon) { y[t] = closes[t + horizon] > closes[t] ? 1 : 0 }
        }
        return y
    }

    /// Samples per split for `n` samples: (train, validation) with a gap of `horizon` samples between them.
    public static func splitCounts(samples n: Int, spec: WindowingSpec) -> (train: Int, validation: Int) {
        let train = Int((spec.trainFraction * Double(n)).rounded(.down))
        return (train, max(0, n - train - spec.horizon))
    }

    /// Bars needed for one training and one validation window after `warmup` rows.
    public static func minimumBars(warmup: Int, spec: WindowingSpec) -> Int {
        var n = 1
        while true {
            let s = splitCounts(samples: n, spec: spec)
            if s.train >= 1 && s.validation >= 1 { break }
            n += 1
        }
        return warmup + spec.sequenceLength - 1 + n + spec.horizon
    }

    /// Drops warm-up rows, forms a window for every row with a full history and a label, splits the samples
    /// chronologically (first `trainFraction` train, skip `horizon`, rest validate) and fits the min-max scaler on
    /// the rows the training windows cover.
    ///
    /// `labels` has one value per row (NaN where undefined, e.g. from ``directionLabels(closes:horizon:)``).
    public static func prepare(features: FeatureMatrix, labels: [Float], spec: WindowingSpec = .init()) throws
        -> PreparedData
    {
        guard labels.count == features.rowCount else {
            throw NeuralNetError.shapeMismatch(expected: "\(features.rowCount) labels (one per row)",
                                               got: "\(labels.count)")
        }
        guard spec.sequenceLength >= 1, spec.horizon >= 0, spec.trainFraction > 0, spec.trainFraction < 1 else {
            throw NeuralNetError.invalidArgument(
                "windowing needs sequence_length ≥ 1, horizon ≥ 0 and 0 < train_fraction < 1")
        }
        let first = try features.firstCompleteRow()
        let l = spec.sequenceLength
        var ends: [Int] = []  // input row indices
        if first < features.rowCount {
            for r in (first + l - 1)..<max(first + l - 1, features.rowCount) where !labels[r].isNaN {
                ends.append(r)
            }
        }
        let (nTrain, nVal) = splitCounts(samples: ends.count, spec: spec)
        guard nTrain >= 1, nVal >= 1 else {
            let warmup = first == features.rowCount ? 0 : first
            throw NeuralNetError.tooLittleData(
                have: features.rowCount, need: minimumBars(warmup: warmup, spec: spec),
                what: "\(warmup) warm-up bars + windows of \(l) + horizon \(spec.horizon) + an "
                    + "\(Int(spec.trainFraction * 100))/\(100 - Int(spec.trainFraction * 100)) split with a gap")
        }
        let trainEnds = Array(ends[0..<nTrain])
        let valEnds = Array(ends[(nTrain + spec.horizon)...])
        let scaler = MinMaxScaler(fitting: features, rows: first..<(trainEnds.last! + 1))
        let scaled = scaler.transform(features, rows: first..<features.rowCount)
        let f = features.columnCount
        let train = try WindowDataset(rows: scaled, featureCount: f, sequenceLength: l,
                                      endRows: trainEnds.map { $0 - first }, labels: trainEnds.map { labels[$0] })
        let val = try WindowDataset(rows: scaled, featureCount: f, sequenceLength: l,
                                    endRows: valEnds.map { $0 - first }, labels: valEnds.map { labels[$0] })
        return PreparedData(train: train, validation: val, scaler: scaler, featureNames: features.columns,
                            firstRow: first, trainEndBars: trainEnds, validationEndBars: valEnds)
    }
}
