/// One timestamped market-data event of a recording, a replay or the synthetic generator.
public struct BookEvent: Sendable, Hashable {
    /// What happened.
    public enum Payload: Sendable, Hashable {
        /// A depth message (`updateMktDepth` or `updateMktDepthL2`), exactly as received.
        case depth(DepthUpdate)
        /// A level-1 tick.
        case tick(L1Tick)
        /// The book was reset (TWS error 317 "reset your book", or a new subscription): clear it.
        case clear
        /// Names the stream (e.g. its symbol); usually the first event of a stream.
        case label(String)
    }

    /// Nanoseconds since the Unix epoch (receive time for live data).
    public var timestamp: Int64
    /// Which subscription the event belongs to (e.g. the TWS `reqId`); 0 when there is one.
    public var stream: Int32
    /// The event itself.
    public var payload: Payload

    /// Creates an event.
    public init(timestamp: Int64, stream: Int32 = 0, payload: Payload) {
        self.timestamp = timestamp
        self.stream = stream
        self.payload = payload
    }
}

extension OrderBook {
    /// Applies a recorded or generated event: depth messages are applied, `clear` empties the book, ticks and
    /// labels are ignored. Returns the rejection of a depth message that could not be applied.
    @discardableResult
    public func apply(_ event: BookEvent) -> BookRejection? {
        switch event.payload {
        case .depth(let update): return apply(update)
        case .clear: clear()
        case .tick, .label: break
        }
        return nil
    }
}
