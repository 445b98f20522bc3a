#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends depth operations and L1 ticks to a recording file (see `RecordingFormat`) through a shared memory
/// mapping of the file.
///
/// Records are encoded straight into a `MAP_SHARED` mapping of the file, so each record is in the kernel's page
/// cache the moment `append` returns: if the process is killed (even by SIGKILL) or crashes, every appended record
/// is in the file. Only an OS crash or power loss can lose records that `sync()` has not forced to disk.
///
/// The file grows in chunks (`chunkSize`, default 8 MiB): the writer allocates the next chunk on disk
/// (`posix_fallocate`, so a full disk is an error here rather than a SIGBUS later) and maps a window of that size
/// starting at the page of the current end. Until `close()` the file therefore ends in zero padding; `close()`
/// cuts it to the exact length. A killed process leaves that padding, possibly after one partially stored record
/// if it died inside `append`; readers report both and stop there, and `.append` mode cuts them off before writing
/// more. Nothing else may truncate the file while it is being written (a mapped page past the end of the file
/// faults with SIGBUS). Not thread-safe.
public final class RecordingWriter {
    /// How to open the file.
    public enum Mode: Sendable, Hashable {
        /// Create a new file; fail with `RecordingError.fileExists` if there is one.
        case create
        /// Create the file, or empty an existing one.
        case truncate
        /// Append to an existing recording (after cutting off the zero padding and partial last record a killed
        /// writer leaves), or create it. A recording damaged before its end is refused with
        /// `RecordingError.damaged`.
        case append
    }

    /// The default size by which the file and its mapping grow: 8 MiB.
    public static let defaultChunkSize = 8 << 20

    /// The file's path.
    public let path: String
    // Hot state is `@exclusivity(unchecked)` (see OrderBook): the writer is single-threaded.

    /// The number of events appended by this writer.
    @exclusivity(unchecked) public private(set) var eventCount = 0
    /// The length of the recording in bytes: the header and every appended record. Until `close()` the file on
    /// disk is longer (zero padding up to the end of the current chunk).
    @exclusivity(unchecked) public private(set) var byteCount: Int64
    /// What `.append` mode found and cut off at the end of an existing file, if anything: the partial record or
    /// the zero padding a killed writer left, or another damaged tail.
    public let recoveredTail: RecordingIssue?
    /// The size by which the file and the mapped window grow (a multiple of the page size).
    public let chunkSize: Int

    @exclusivity(unchecked) var fd: Int32
    /// The mapped window of the file, `nil` before the first append, after a failed remap and after `close()`.
    @exclusivity(unchecked) var window: UnsafeMutableRawPointer?
    /// Bytes mapped at `window`; 0 when nothing is mapped.
    @exclusivity(unchecked) var windowSize = 0
    /// The file offset of `window[0]` (a multiple of the page size).
    @exclusivity(unchecked) var windowOffset: Int64 = 0
    /// The next record's position within the window (`byteCount - windowOffset`).
    @exclusivity(unchecked) var used = 0
    /// The size of the file on disk (the end of the last allocated chunk).
    @exclusivity(unchecked) var allocatedSize: Int64

    static let pageSize: Int = {
        let size = Int(sysconf(Int32(_SC_PAGESIZE)))
        return size > 0 ? size : 4096
    }()

    /// Opens `path` for recording.
    ///
    /// - Parameters:
    ///   - mode: `.create` (default), `.truncate` or `.append`.
    ///   - chunkSize: bytes by which the file and its mapping grow, at least 64 KiB, rounded up to whole pages.
    ///     Default 8 MiB. A killed process leaves less than this much zero padding.
    /// - Throws: `RecordingError` if the file cannot be opened, exists in `.create` mode, or (in `.append` mode)
    ///   is not a recording.
    public init(path: String, mode: Mode = .create, chunkSize: Int = RecordingWriter.defaultChunkSize) throws {
        self.path = path
        let page = Self.pageSize
        self.chunkSize = (max(chunkSize, 1 << 16) + page - 1) / page * page
        let (fd, size, recovered) = try Self.open(path: path, mode: mode)
        self.fd = fd
        recoveredTail = recovered
        byteCount = size
        allocatedSize = size
    }

    /// Opens the file, recovers or writes the header; returns the descriptor, the length of the recording (the
    /// file is cut to it) and the tail cut off. Closes the descriptor on any error.
    static func open(path: String, mode: Mode) throws -> (Int32, Int64, RecordingIssue?) {
        let fd: Int32
        switch mode {
        case .create, .truncate:
            // Read and write: a shared writable mapping needs both.
            fd = try POSIXFile.open(path, flags: O_RDWR | O_CREAT | (mode == .create ? O_EXCL : O_TRUNC))
        case .append:
            fd = try POSIXFile.open(path, flags: O_RDWR | O_CREAT)
        }
        do {
            var size = try POSIXFile.size(fd, path: path)
            var recovered: RecordingIssue?
            if size > 0 {
                // Find the end of the last good record and cut off a damaged tail: the zero padding and partial
                // record of a killed writer, or a truncated record. Damage with good records after it is not a
                // crash's tail: cutting there would lose them, so refuse.
                let reader = try RecordingReader(path: path, policy: .resynchronize)
                defer { reader.close() }
                while try reader.next() != nil {}
                if let middle = reader.issues.first(where: { $0.skippedBytes != nil }) {
                    throw RecordingError.damaged(path: path, issue: middle)
                }
                recovered = reader.issues.first
                if reader.validEnd < size {
                    try POSIXFile.truncate(fd, to: reader.validEnd, path: path, operation: "truncate damaged tail")
                    size = reader.validEnd
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
        try? close()
    }

    /// Appends one event: once this returns, the record is in the file (in the page cache). Allocation-free.
    ///
    /// The record is stored payload first, then its CRC, then its length, so a process killed inside `append`
    /// leaves at most this one record partially stored, which readers detect and skip.
    ///
    /// - Throws: `RecordingError.labelTooLong` for a label over 4096 bytes, `.io` if the file cannot grow (e.g. the
    ///   disk is full), `.closed`.
    public func append(_ event: BookEvent) throws {
        let length = RecordingFormat.payloadLength(event)
        if case .label = event.payload, length > RecordingFormat.maximumPayloadLength {
            throw RecordingError.labelTooLong(bytes: length - RecordingFormat.commonSize,
                                              maximum: RecordingFormat.maximumLabelLength)
        }
        let total = RecordingFormat.recordPrefixSize + length
        if used + total > windowSize { try advanceWindow() }
        let record = window.unsafelyUnwrapped + used
        let payload = record + RecordingFormat.recordPrefixSize
        RecordingFormat.encodePayload(event, at: payload)
        record.storeBytes(of: CRC32.checksum(payload, count: length).littleEndian, toByteOffset: 4, as: UInt32.self)
        // The length last: until it is stored, the record reads as zero padding followed by some bytes.
        record.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self)
        used += total
        byteCount += Int64(total)
        eventCount += 1
    }

    /// Maps the next window, starting at the page that holds the end of the recording, allocating the file up to
    /// its end first.
    @inline(never)
    func advanceWindow() throws {
        guard fd >= 0 else { throw RecordingError.closed(path: path) }
        let page = Int64(Self.pageSize)
        let offset = byteCount / page * page
        let end = offset + Int64(chunkSize)
        if end > allocatedSize {
            // Allocate the blocks now: a full disk then fails here, not as a SIGBUS on a store into the mapping.
            try POSIXFile.allocate(fd, from: allocatedSize, count: end - allocatedSize, path: path)
            allocatedSize = end
        }
        unmap()
        guard let mapped = POSIXFile.mapShared(fd, offset: offset, count: chunkSize) else {
            throw RecordingError.io(operation: "mmap", path: path, message: POSIXFile.errorText())
        }
        window = mapped
        windowSize = chunkSize
        windowOffset = offset
        used = Int(byteCount - offset)
    }

    func unmap() {
        if let window { munmap(window, windowSize) }
        window = nil
        windowSize = 0
        used = 0
    }

    /// Appends a depth message received at `timestamp` (ns since the epoch).
    public func append(_ update: DepthUpdate, timestamp: Int64, stream: Int32 = 0) throws {
        try append(BookEvent(timestamp: timestamp, stream: stream, payload: .depth(update)))
    }

    /// Appends a level-1 tick received at `timestamp` (ns since the epoch).
    public func append(_ tick: L1Tick, timestamp: Int64, stream: Int32 = 0) throws {
        try append(BookEvent(timestamp: timestamp, stream: stream, payload: .tick(tick)))
    }

    /// Does nothing but check that the writer is open: appended records are already in the file (the page cache)
    /// when `append` returns. Use `sync()` to force them to disk.
    public func flush() throws {
        guard fd >= 0 else { throw RecordingError.closed(path: path) }
    }

    /// Forces the appended records and the file's size to disk (`msync` of the mapped window, then `fsync`), so
    /// they survive an OS crash or power loss.
    public func sync() throws {
        guard fd >= 0 else { throw RecordingError.closed(path: path) }
        if let window, used > 0, msync(window, used, MS_SYNC) != 0 {
            throw RecordingError.io(operation: "msync", path: path, message: POSIXFile.errorText())
        }
        guard fsync(fd) == 0 else {
            throw RecordingError.io(operation: "fsync", path: path, message: POSIXFile.errorText())
        }
    }

    /// Unmaps the file, cuts off its zero padding (the file ends exactly after the last record) and closes it;
    /// later appends throw `RecordingError.closed`. Safe to call twice.
    public func close() throws {
        guard fd >= 0 else { return }
        unmap()
        defer {
            Glibc_close(fd)
            fd = -1
        }
        if allocatedSize != byteCount {
            try POSIXFile.truncate(fd, to: byteCount, path: path, operation: "truncate to the recording's length")
            allocatedSize = byteCount
        }
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
