/// Feature snapshots with their times, in time order; joins to bars without lookahead.
public struct BookFeatureSeries: Sendable, Hashable {
    /// Snapshot times, ns since the Unix epoch, non-decreasing.
    public private(set) var timestamps: [Int64] = []
    /// One feature row per timestamp.
    public private(set) var rows: [BookFeatures] = []

    /// An empty series.
    public init() {}

    /// The number of snapshots.
    public var count: Int { timestamps.count }

    /// Appends a snapshot taken at `timestamp` (ns since the epoch).
    ///
    /// - Throws: `BookFeatureError.unsortedSnapshots` if `timestamp` is before the last one.
    public mutating func append(_ features: BookFeatures, at timestamp: Int64) throws {
        if let last = timestamps.last, timestamp < last {
            throw BookFeatureError.unsortedSnapshots(index: timestamps.count)
        }
        timestamps.append(timestamp)
        rows.append(features)
    }

    /// For each bar, the last snapshot at or before its close (NaN features before the first snapshot).
    public func asOf(barCloseTimes: [Int64], unit: BarTimeUnit, maxAge: Int64? = nil) throws -> [BookFeatures] {
        try BookFeatureJoin.asOf(barCloseTimes: barCloseTimes, unit: unit, snapshotTimes: timestamps,
                                 snapshots: rows, maxAge: maxAge)
    }

    /// Like `asOf`, as 17 columns in the spec's order, one value per bar.
    public func columns(barCloseTimes: [Int64], unit: BarTimeUnit, maxAge: Int64? = nil) throws -> [[Double]] {
        try BookFeatureJoin.columns(barCloseTimes: barCloseTimes, unit: unit, snapshotTimes: timestamps,
                                    snapshots: rows, maxAge: maxAge)
    }
}

/// When to take feature snapshots while events stream through a book.
public enum BookFeatureSchedule: Sendable, Hashable {
    /// After every event that changed the book (a depth operation that applied, or a clear).
    case everyUpdate
    /// On a clock: at every multiple of `nanoseconds` since the epoch, with the book as of that instant (events
    /// stamped exactly at the boundary included). Boundaries with no events in between repeat the same book,
    /// each as one snapshot of the rolling state.
    case interval(nanoseconds: Int64)
}

/// Computes feature snapshots of a book on a schedule while events are applied to it.
///
/// ```swift
/// var sampler = try BookFeatureSampler(book: book, schedule: .interval(nanoseconds: 100_000_000))
/// try BookReplay.run(path: path) { try sampler.apply($0) }
/// let perBar = try sampler.series.asOf(barCloseTimes: closes, unit: .seconds)
/// ```
public struct BookFeatureSampler {
    /// The book the events are applied to; its `featureEngine` keeps the rolling state.
    public let book: OrderBook
    /// When snapshots are taken.
    public let schedule: BookFeatureSchedule
    /// The snapshots so far.
    public private(set) var series = BookFeatureSeries()
    /// Only events of this stream are applied (all when `nil`).
    public let stream: Int32?
    var nextBoundary: Int64?

    /// Creates a sampler for `book`.
    ///
    /// - Throws: `BookFeatureError.invalidParameter` for an interval that is not positive.
    public init(book: OrderBook, schedule: BookFeatureSchedule, stream: Int32? = nil) throws {
        if case .interval(let ns) = schedule, ns <= 0 {
            throw BookFeatureError.invalidParameter("interval", "\(ns) ns", "use a positive interval, e.g. 100 ms")
        }
        self.book = book
        self.schedule = schedule
        self.stream = stream
    }

    /// Applies one event (in time order) and takes the snapshots that are due.
    public mutating func apply(_ event: BookEvent) throws {
        if let stream, event.stream != stream { return }
        switch schedule {
        case .everyUpdate:
            let changes: Bool
            switch event.payload {
            case .depth(let u): changes = book.apply(u) == nil
            case .clear:
                book.clear()
                changes = true
            case .tick, .label: changes = false
            }
            if changes { try series.append(book.computeFeatures(), at: event.timestamp) }
        case .interval(let interval):
            // Snapshot every boundary strictly before this event: the book as of that boundary.
            if nextBoundary == nil { nextBoundary = Self.firstBoundary(atOrAfter: event.timestamp, interval) }
            while let boundary = nextBoundary, boundary < event.timestamp {
                try series.append(book.computeFeatures(), at: boundary)
                nextBoundary = boundary &+ interval
            }
            book.apply(event)
        }
    }

    /// Takes the snapshots due up to `timestamp` without an event (e.g. at the end of a replay).
    public mutating func advance(to timestamp: Int64) throws {
        guard case .interval(let interval) = schedule, var boundary = nextBoundary else { return }
        while boundary <= timestamp {
            try series.append(book.computeFeatures(), at: boundary)
            boundary &+= interval
        }
        nextBoundary = boundary
    }

    static func firstBoundary(atOrAfter t: Int64, _ interval: Int64) -> Int64 {
        let r = t % interval
        if r == 0 { return t }
        return r > 0 ? t - r + interval : t - r
    }
}
