#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends depth operations and L1 ticks to a recording file (see `RecordingFormat`), buffered.
///
/// Records are encoded into an in-memory buffer and handed to the OS in large writes: when the buffer fills,
/// when `flushInterval` has passed since the last write (checked on appends), on `flush()`, `sync()` and
/// `close()`. Bytes handed to the OS survive a crash of this process; `sync()` also forces them to disk. A crash
/// can leave one partial record at the end, which readers report and skip; `.append` mode cuts it off before
/// writing more. Not thread-safe.
public final class RecordingWriter {
    /// How to open the file.
    public enum Mode: Sendable, Hashable {
        /// Create a new file; fail with `RecordingError.fileExists` if there is one.
        case create
        /// Create the file, or empty an existing one.
        case truncate
        /// Append to an existing recording (after cutting off a partial last record), or create it. A recording
        /// damaged before its end is refused with `RecordingError.damaged`.
        case append
    }

    /// The file's path.
    public let path: String
    // Hot state is `@exclusivity(unchecked)` (see OrderBook): the writer is single-threaded.

    /// The number of events appended by this writer.
    @exclusivity(unchecked) public private(set) var eventCount = 0
    /// The number of bytes in the file, including buffered ones.
    @exclusivity(unchecked) public private(set) var byteCount: Int64
    /// What `.append` mode found and cut off at the end of an existing file, if anything.
    public let recoveredTail: RecordingIssue?
    /// The longest time (ns) an appended record may wait in the buffer. Default 100 ms.
    ///
    /// Checked on appends: against the monotonic clock every 64 appends, and against event timestamps (live
    /// events carry receive times) on every append, so that neither bursts nor slow feeds delay a write.
    @exclusivity(unchecked) public var flushInterval: Int64

    @exclusivity(unchecked) var fd: Int32
    let buffer: UnsafeMutableRawPointer
    let capacity: Int
    @exclusivity(unchecked) var used = 0
    @exclusivity(unchecked) var lastFlush: Int64
    @exclusivity(unchecked) var lastFlushEventTime = Int64.min
    @exclusivity(unchecked) var appendsSinceClockCheck = 0

    /// Opens `path` for recording.
    ///
    /// - Parameters:
    ///   - mode: `.create` (default), `.truncate` or `.append`.
    ///   - bufferCapacity: bytes buffered before a write, at least 64 KiB. Default 1 MiB.
    ///   - flushInterval: the longest time in ns a record stays buffered, checked on appends. Default 100 ms.
    /// - Throws: `RecordingError` if the file cannot be opened, exists in `.create` mode, or (in `.append` mode)
    ///   is not a recording.
    public init(path: String, mode: Mode = .create, bufferCapacity: Int = 1 << 20,
                flushInterval: Int64 = 100_000_000) throws {
        self.path = path
        self.flushInterval = flushInterval
        capacity = max(bufferCapacity, 1 << 16)
        let (fd, size, recovered) = try Self.open(path: path, mode: mode)
        self.fd = fd
        recoveredTail = recovered
        byteCount = size
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        lastFlush = MonotonicClock.now()
    }

    /// Opens the file, recovers or writes the header; returns the descriptor positioned at the end, the file
    /// size and the tail cut off. Closes the descriptor on any error.
    static func open(path: String, mode: Mode) throws -> (Int32, Int64, RecordingIssue?) {
        let fd: Int32
        switch mode {
        case .create, .truncate:
            fd = try POSIXFile.open(path, flags: O_WRONLY | O_CREAT | (mode == .create ? O_EXCL : O_TRUNC))
        case .append:
            fd = try POSIXFile.open(path, flags: O_RDWR | O_CREAT)
        }
        do {
            var size = try POSIXFile.size(fd, path: path)
            var recovered: RecordingIssue?
            if size > 0 {
                // Find the end of the last good record and cut off a damaged tail. Damage with good records
                // after it is not a crash's tail: cutting there would lose them, so refuse.
                let reader = try RecordingReader(path: path, policy: .resynchronize)
                defer { reader.close() }
                while try reader.next() != nil {}
                if let middle = reader.issues.first(where: { $0.skippedBytes != nil }) {
                    throw RecordingError.damaged(path: path, issue: middle)
                }
                recovered = reader.issues.first
                if reader.validEnd < size {
                    guard ftruncate(fd, off_t(reader.validEnd)) == 0 else {
                        throw RecordingError.io(operation: "truncate partial tail", path: path,
                                                message: POSIXFile.errorText())
                    }
                    size = reader.validEnd
                }
                guard lseek(fd, off_t(size), SEEK_SET) >= 0 else {
                    throw RecordingError.io(operation: "seek", path: path, message: POSIXFile.errorText())
                }
            } else {
                let header = RecordingFormat.header(created: MonotonicClock.wallNanoseconds())
                try header.withUnsafeBytes { try POSIXFile.writeAll(fd, $0.baseAddress!, $0.count, path: path) }
                size = Int64(RecordingFormat.headerSize)
            }
            return (fd, size, recovered)
        } catch {
            Glibc_close(fd)
            throw error
        }
    }

    deinit {
        if fd >= 0 {
            try? flush()
            Glibc_close(fd)
        }
        buffer.deallocate()
    }

    /// Appends one event. Allocation-free.
    ///
    /// - Throws: `RecordingError.labelTooLong` for a label over 4096 bytes, `.io` if a write fails, `.closed`.
    public func append(_ event: BookEvent) throws {
        let length = RecordingFormat.payloadLength(event)
        if case .label = event.payload, length > RecordingFormat.maximumPayloadLength {
            throw RecordingError.labelTooLong(bytes: length - RecordingFormat.commonSize,
                                              maximum: RecordingFormat.maximumLabelLength)
        }
        let total = RecordingFormat.recordPrefixSize + length
        if used + total > capacity { try flush() }
        guard fd >= 0 else { throw RecordingError.closed(path: path) }
        let record = buffer + used
        let payload = record + RecordingFormat.recordPrefixSize
        RecordingFormat.encodePayload(event, at: payload)
        record.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self)
        record.storeBytes(of: CRC32.checksum(payload, count: length).littleEndian, toByteOffset: 4, as: UInt32.self)
        used += total
        byteCount += Int64(total)
        eventCount += 1
        if lastFlushEventTime == Int64.min { lastFlushEventTime = event.timestamp }
        if event.timestamp &- lastFlushEventTime >= flushInterval {
            try flush()
        } else {
            appendsSinceClockCheck += 1
            if appendsSinceClockCheck >= 64 {
                appendsSinceClockCheck = 0
                if MonotonicClock.now() - lastFlush >= flushInterval { try flush() }
            }
        }
    }

    /// Appends a depth message received at `timestamp` (ns since the epoch).
    public func append(_ update: DepthUpdate, timestamp: Int64, stream: Int32 = 0) throws {
        try append(BookEvent(timestamp: timestamp, stream: stream, payload: .depth(update)))
    }

    /// Appends a level-1 tick received at `timestamp` (ns since the epoch).
    public func append(_ tick: L1Tick, timestamp: Int64, stream: Int32 = 0) throws {
        try append(BookEvent(timestamp: timestamp, stream: stream, payload: .tick(tick)))
    }

    /// Hands the buffered records to the OS (one `write`).
    public func flush() throws {
        guard fd >= 0 else { throw RecordingError.closed(path: path) }
        lastFlush = MonotonicClock.now()
        lastFlushEventTime = Int64.min
        appendsSinceClockCheck = 0
        guard used > 0 else { return }
        let n = used
        used = 0
        try POSIXFile.writeAll(fd, buffer, n, path: path)
    }

    /// Flushes and forces the file to disk (`fsync`).
    public func sync() throws {
        try flush()
        guard fsync(fd) == 0 else {
            throw RecordingError.io(operation: "fsync", path: path, message: POSIXFile.errorText())
        }
    }

    /// Flushes and closes the file; later appends throw `RecordingError.closed`. Safe to call twice.
    public func close() throws {
        guard fd >= 0 else { return }
        defer {
            Glibc_close(fd)
            fd = -1
        }
        try flush()
    }
}

@inline(__always) func Glibc_close(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #elseif canImport(Musl)
    _ = Musl.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

/// Recording a whole sequence of events in one call.
extension RecordingWriter {
    /// Appends every event of `events`; returns how many were appended.
    @discardableResult
    public func append<S: Sequence>(contentsOf events: S) throws -> Int where S.Element == BookEvent {
        var n = 0
        for event in events {
            try append(event)
            n += 1
        }
        return n
    }

    /// Writes `events` to a new recording at `path` (mode `.create` by default) and closes it; returns the number
    /// of events written. For an endless source such as `SyntheticDepthGenerator`, pass `source.prefix(n)`.
    @discardableResult
    public static func record<S: Sequence>(_ events: S, to path: String, mode: Mode = .create) throws -> Int
    where S.Element == BookEvent {
        let writer = try RecordingWriter(path: path, mode: mode)
        let n = try writer.append(contentsOf: events)
        try writer.close()
        return n
    }
}
