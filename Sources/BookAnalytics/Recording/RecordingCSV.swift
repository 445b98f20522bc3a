#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts recordings to CSV, one row per event.
///
/// Columns: `timestamp_ns,stream,event,position,operation,side,price,size,market_maker,smart_depth,tick_type,`
/// `attributes,label`. `event` is `depth`, `depth_l2`, `tick_price`, `tick_size`, `clear` or `label`;
/// `operation` and `side` are the TWS codes (0 insert, 1 update, 2 delete; 0 ask, 1 bid); numbers use Swift's
/// shortest round-trip form (`nan` for a missing price); fields that do not apply are empty. A label is quoted
/// when it contains a comma, quote or newline.
public enum RecordingCSV {
    /// The header row.
    public static let header = "timestamp_ns,stream,event,position,operation,side,price,size,market_maker,"
        + "smart_depth,tick_type,attributes,label"

    /// One CSV row (without newline) for `event`.
    public static func row(_ event: BookEvent) -> String {
        let head = "\(event.timestamp),\(event.stream),"
        switch event.payload {
        case .depth(let u):
            let kind = u.isL2 ? "depth_l2" : "depth"
            let mm = u.isL2 ? quoted(u.marketMaker.description) : ""
            let smart = u.isL2 ? (u.isSmartDepth ? "1" : "0") : ""
            return head + "\(kind),\(u.position),\(u.operation),\(u.side),\(u.price),\(u.size),\(mm),\(smart),,,"
        case .tick(let t):
            let kind = t.message == .price ? "tick_price" : "tick_size"
            let price = t.message == .price ? "\(t.price)" : ""
            return head + "\(kind),,,,\(price),\(t.size),,,\(t.tickType),\(t.attributes),"
        case .clear:
            return head + "clear,,,,,,,,,,"
        case .label(let s):
            return head + "label,,,,,,,,,," + quoted(s)
        }
    }

    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var result = "\""
        for c in s {
            if c == "\"" { result.append("\"") }
            result.append(c)
        }
        return result + "\""
    }

    /// Writes the recording at `path` as CSV to `csvPath` (created or replaced); returns the events written and
    /// the issues found (reading stops or resynchronizes at damage as `policy` says).
    @discardableResult
    public static func convert(recording path: String, to csvPath: String, policy: CorruptionPolicy = .stop) throws
        -> (events: Int, issues: [RecordingIssue])
    {
        let reader = try RecordingReader(path: path, policy: policy)
        defer { reader.close() }
        var input = stat(), output = stat()
        if stat(path, &input) == 0 && stat(csvPath, &output) == 0 && input.st_dev == output.st_dev
            && input.st_ino == output.st_ino
        {
            throw RecordingError.io(operation: "convert to CSV", path: csvPath,
                                    message: "the CSV path is the recording itself; choose another output path")
        }
        let fd = try POSIXFile.open(csvPath, flags: O_WRONLY_CREAT_TRUNC)
        defer { Glibc_close(fd) }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        out.append(contentsOf: header.utf8)
        out.append(10)
        var count = 0
        func drain() throws {
            try out.withUnsafeBytes { try POSIXFile.writeAll(fd, $0.baseAddress!, $0.count, path: csvPath) }
            out.removeAll(keepingCapacity: true)
        }
        while let event = try reader.next() {
            out.append(contentsOf: row(event).utf8)
            out.append(10)
            count += 1
            if out.count >= 1 << 20 { try drain() }
        }
        if !out.isEmpty { try drain() }
        return (count, reader.issues)
    }
}
