/// An error from TWS (its code and text) or from the client itself (IB's client-side codes 501–509, plus
/// Lunar's own kinds), with a message that says what to do.
public struct TWSError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Where the error comes from.
    public enum Kind: String, Sendable, Hashable {
        /// Sent by TWS (or the simulator) as an `error` message.
        case tws
        /// A connection problem detected locally (codes 501–509).
        case connection
        /// A blocking call ran out of time.
        case timeout
        /// Connecting to a live port or a non-paper account without enabling live trading.
        case liveTradingRefused
        /// The caller passed something unusable.
        case invalidArgument
    }

    /// Where the error comes from.
    public var kind: Kind
    /// IB's message code (e.g. 200, 103, 1100; 502/504 for local connection problems; 0 for Lunar-only kinds).
    public var code: Int
    /// The message text.
    public var message: String
    /// The request or order id the error belongs to; −1 for system messages.
    public var id: Int

    /// Creates an error.
    public init(kind: Kind = .tws, code: Int, message: String, id: Int = -1) {
        self.kind = kind
        self.code = code
        self.message = message
        self.id = id
    }

    /// `TWS error 200 (id 3): No security definition …`.
    public var description: String {
        switch kind {
        case .tws: return "TWS error \(code)\(id >= 0 ? " (id \(id))" : ""): \(message)"
        case .connection: return "TWS connection error \(code): \(message)"
        case .timeout: return "TWS timeout: \(message)"
        case .liveTradingRefused: return message
        case .invalidArgument: return "invalid TWS request: \(message)"
        }
    }

    /// True for informational codes (2100–2199 and those `ib_async` treats as warnings).
    public var isWarning: Bool { TWSError.isWarningCode(code) }

    /// True for informational codes (2100–2199 and {105, 110, 165, 321, 329, 399, 404, 434, 492, 10167}).
    public static func isWarningCode(_ code: Int) -> Bool {
        (2100...2199).contains(code) || [105, 110, 165, 321, 329, 399, 404, 434, 492, 10167].contains(code)
    }

    /// True for connectivity notices that drive client state (1100, 1101, 1102, 1300, 2110).
    public var isConnectivity: Bool { [1100, 1101, 1102, 1300, 2110].contains(code) }

    /// 501: already connected.
    public static func alreadyConnected() -> TWSError {
        TWSError(kind: .connection, code: 501, message: "already connected; call disconnect() first")
    }

    /// 502: could not connect.
    public static func couldNotConnect(host: String, port: Int, reason: String) -> TWSError {
        TWSError(kind: .connection, code: 502, message: "couldn't connect to TWS at \(host):\(port): \(reason). "
            + "Check that TWS/IB Gateway (or `lunar sim`) is running, that the API port is \(port) and "
            + "\"Enable ActiveX and Socket Clients\" is on.")
    }

    /// 503: server version not supported.
    public static func unsupportedVersion(_ v: Int) -> TWSError {
        TWSError(kind: .connection, code: 503, message: "server version \(v) not supported (need "
            + "\(TWSHandshake.serverVersion)); update TWS/IB Gateway")
    }

    /// 504: not connected.
    public static func notConnected() -> TWSError {
        TWSError(kind: .connection, code: 504, message: "not connected to TWS; call connect() first")
    }

    /// 507 / 508: protocol violation by the peer.
    public static func badMessage(_ reason: String) -> TWSError {
        TWSError(kind: .connection, code: 508, message: "bad message from TWS: \(reason)")
    }

    /// 509: socket failure.
    public static func socketException(_ reason: String) -> TWSError {
        TWSError(kind: .connection, code: 509, message: "socket exception: \(reason)")
    }

    /// A blocking call ran out of time.
    public static func timeout(_ what: String, seconds: Double, id: Int = -1) -> TWSError {
        TWSError(kind: .timeout, code: 0, message: "\(what) got no answer within \(seconds) s", id: id)
    }

    /// An argument problem.
    public static func invalid(_ what: String, id: Int = -1) -> TWSError {
        TWSError(kind: .invalidArgument, code: 0, message: what, id: id)
    }
}
