/// How fast a replay delivers events.
public enum ReplaySpeed: Sendable, Hashable {
    /// As fast as the handler takes them.
    case fullSpeed
    /// Paced by the recorded timestamps, `scale` times faster than real time (1 = as recorded, 10 = ten times
    /// faster, 0.5 = half speed).
    case realTime(scale: Double)
}

/// Throw this from a replay handler to end the replay early without an error.
public struct ReplayStopped: Error, Sendable {
    /// Creates the stop signal.
    public init() {}
}

/// What a replay delivered.
public struct ReplaySummary: Sendable, Hashable {
    /// Events passed to the handler.
    public var events: Int
    /// Damaged spots found in the file (see `RecordingIssue`).
    public var issues: [RecordingIssue]
    /// Whether the handler ended the replay by throwing `ReplayStopped`.
    public var stoppedEarly: Bool
    /// Timestamp of the first event delivered (ns since the epoch), if any.
    public var firstTimestamp: Int64?
    /// Timestamp of the last event delivered.
    public var lastTimestamp: Int64?
    /// Wall time the replay took, ns.
    public var elapsedNanoseconds: Int64
}

/// Replays a recording through a callback, at full speed or paced by the recorded timestamps.
public enum BookReplay {
    /// Calls `handler` with every event of the recording at `path`, in file order.
    ///
    /// Under `.realTime(scale:)` the n-th event is delivered no earlier than
    /// `(timestamp_n - timestamp_0) / scale` after the first one (timestamps that go backwards are delivered at
    /// once). The handler can end the replay by throwing `ReplayStopped`; any other error propagates.
    ///
    /// - Throws: `RecordingError` if the file cannot be read, or what the handler throws.
    @discardableResult
    public static func run(
        path: String, speed: ReplaySpeed = .fullSpeed, policy: CorruptionPolicy = .stop,
        handler: (BookEvent) throws -> Void
    ) throws -> ReplaySummary {
        if case .realTime(let s) = speed, !(s > 0 && s.isFinite) { throw RecordingError.invalidReplaySpeed(s) }
        let reader = try RecordingReader(path: path, policy: policy)
        defer { reader.close() }
        let start = MonotonicClock.now()
        var summary = ReplaySummary(events: 0, issues: [], stoppedEarly: false, firstTimestamp: nil,
                                    lastTimestamp: nil, elapsedNanoseconds: 0)
        var scale = 0.0
        if case .realTime(let s) = speed { scale = s }
        do {
            while let event = try reader.next() {
                if summary.firstTimestamp == nil { summary.firstTimestamp = event.timestamp }
                if scale > 0, let first = summary.firstTimestamp {
                    let due = start + Int64(Double(event.timestamp &- first) / scale)
                    let wait = due - MonotonicClock.now()
                    if wait > 0 { MonotonicClock.sleep(nanoseconds: wait) }
                }
                try handler(event)
                summary.events += 1
                summary.lastTimestamp = event.timestamp
            }
        } catch is ReplayStopped {
            summary.stoppedEarly = true
        }
        summary.issues = reader.issues
        summary.elapsedNanoseconds = MonotonicClock.now() - start
        return summary
    }

    /// Replays the recording at `path` into `book` (depth messages applied, `clear` clears, other events
    /// skipped), calling `handler` after each event, e.g. to compute features on a clock.
    @discardableResult
    public static func run(
        path: String, into book: OrderBook, stream: Int32? = nil, speed: ReplaySpeed = .fullSpeed,
        policy: CorruptionPolicy = .stop, handler: (BookEvent, OrderBook) throws -> Void = { _, _ in }
    ) throws -> ReplaySummary {
        try run(path: path, speed: speed, policy: policy) { event in
            guard stream == nil || event.stream == stream else { return }
            book.apply(event)
            try handler(event, book)
        }
    }
}
