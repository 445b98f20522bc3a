/// The connection preamble (§2.1): `API\0`, a length-prefixed version range, and the server's answer.
public enum TWSHandshake {
    /// The only server version this implementation speaks.
    public static let serverVersion = 178
    /// The lowest version the client offers (as `ib_async` 2.1.0).
    public static let minClientVersion = 157
    /// The highest version the client offers; never ≥ 201 (protobuf).
    public static let maxClientVersion = 178

    /// The bytes a client sends first: `API\0` + length + `v157..178` (+ optional connect options).
    public static func clientHello(minVersion: Int = minClientVersion, maxVersion: Int = maxClientVersion,
                                   options: String = "") -> [UInt8] {
        var text = "v\(minVersion)..\(maxVersion)"
        if !options.isEmpty { text += " " + options }
        var out: [UInt8] = Array("API".utf8) + [0]
        TWSFraming.appendLength(text.utf8.count, to: &out)
        out.append(contentsOf: text.utf8)
        return out
    }

    /// A parsed client hello.
    public struct Hello: Equatable, Sendable {
        /// The lowest version the client accepts.
        public var minVersion: Int
        /// The highest version the client accepts.
        public var maxVersion: Int
        /// Connect options after the range (e.g. `+PACEAPI`), empty when none.
        public var options: String
    }

    /// What the server found at the start of a connection.
    public enum HelloCut: Equatable, Sendable {
        /// A whole hello, `consumed` bytes long.
        case hello(Hello, consumed: Int)
        /// More bytes are needed.
        case needMoreData
        /// Not a TWS API hello; close the connection.
        case invalid(String)
    }

    /// Parses the client hello at the start of `bytes`.
    public static func parseHello(_ bytes: [UInt8]) -> HelloCut {
        guard bytes.count >= 4 else { return .needMoreData }
        guard bytes[0] == UInt8(ascii: "A"), bytes[1] == UInt8(ascii: "P"), bytes[2] == UInt8(ascii: "I"),
            bytes[3] == 0
        else { return .invalid("connection does not start with API\\0") }
        guard bytes.count >= 8 else { return .needMoreData }
        let n = Int(bytes[4]) << 24 | Int(bytes[5]) << 16 | Int(bytes[6]) << 8 | Int(bytes[7])
        guard n > 0, n < 1024 else { return .invalid("bad version string length \(n)") }
        guard bytes.count >= 8 + n else { return .needMoreData }
        let text = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        guard let hello = parseRange(text) else { return .invalid("bad version string '\(text)'") }
        return .hello(hello, consumed: 8 + n)
    }

    /// Parses `v<min>..<max>[ options]`.
    public static func parseRange(_ text: String) -> Hello? {
        guard text.hasPrefix("v") else { return nil }
        let body = text.dropFirst()
        let spaceSplit = body.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let range = spaceSplit[0]
        let options = spaceSplit.count > 1 ? String(spaceSplit[1]) : ""
        let ends = range.components(separatedBy: "..")
        if ends.count == 1, let v = Int(ends[0]) { return Hello(minVersion: v, maxVersion: v, options: options) }
        guard ends.count == 2, let lo = Int(ends[0]), let hi = Int(ends[1]), lo <= hi else { return nil }
        return Hello(minVersion: lo, maxVersion: hi, options: options)
    }

    /// The server's choice for a hello: 178 when the client's range contains it, otherwise `nil` (refuse).
    public static func negotiate(_ hello: Hello) -> Int? {
        hello.minVersion <= serverVersion && serverVersion <= hello.maxVersion ? serverVersion : nil
    }

    /// The server's reply frame: `serverVersion | connectionTime`.
    public static func serverReply(version: Int = serverVersion, connectionTime: String) -> [UInt8] {
        var w = TWSFieldWriter()
        w.add(version)
        w.add(connectionTime)
        return w.frame
    }
}
