#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a recording event by event, verifying every record's checksum.
///
/// A damaged record (a partial last record after a crash, a length or checksum that does not verify) is reported
/// in `issues` with its offset and reason; with `CorruptionPolicy.stop` reading ends at the last good record, with
/// `.resynchronize` the reader scans forward to the next record that verifies.
///
/// A writer that was killed before `close()` leaves zero padding after its last record (the rest of its last
/// chunk), possibly after one partially stored record. Under either policy the reader then reports the partial
/// record (if any) and a `.zeroPadding` issue, and stops: nothing can follow. Reads in 1 MiB chunks. Not
/// thread-safe.
public final class RecordingReader {
    /// The file's path.
    public let path: String
    /// The decoded header.
    public let header: RecordingHeader
    /// What to do at a damaged record.
    public let policy: CorruptionPolicy
    // Hot state is `@exclusivity(unchecked)` (see OrderBook): the reader is single-threaded.

    /// Damaged spots found so far.
    public private(set) var issues: [RecordingIssue] = []
    /// Events returned so far.
    @exclusivity(unchecked) public private(set) var eventCount = 0
    /// The file offset just past the last good record read so far.
    @exclusivity(unchecked) public private(set) var validEnd: Int64

    @exclusivity(unchecked) var fd: Int32
    let buffer: UnsafeMutableRawPointer
    let capacity = 1 << 20
    @exclusivity(unchecked) var bufferOffset: Int64  // file offset of buffer[0]
    @exclusivity(unchecked) var length = 0  // valid bytes in the buffer
    @exclusivity(unchecked) var position = 0  // next record within the buffer
    @exclusivity(unchecked) var atEOF = false
    @exclusivity(unchecked) var finished = false
    /// Where the file's trailing run of zero bytes starts, and the file's size, once a damaged record needed it.
    var zeroTail: (start: Int64, fileSize: Int64)?

    static let maximumRecord = RecordingFormat.recordPrefixSize + RecordingFormat.maximumPayloadLength

    /// Opens a recording and checks its header.
    ///
    /// - Throws: `RecordingError.io` if it cannot be opened, `.notARecording` or `.unsupportedVersion` for a bad
    ///   header.
    public init(path: String, policy: CorruptionPolicy = .stop) throws {
        self.path = path
        self.policy = policy
        let fd = try POSIXFile.open(path, flags: O_RDONLY)
        self.fd = fd
        var head = [UInt8](repeating: 0, count: RecordingFormat.headerSize)
        do {
            var got = 0
            while got < head.count {
                let n = try head.withUnsafeMutableBytes {
                    try POSIXFile.read(fd, $0.baseAddress! + got, $0.count - got, path: path)
                }
                if n == 0 { break }
                got += n
            }
            header = try RecordingFormat.parseHeader(Array(head.prefix(got)), path: path)
        } catch {
            Glibc_close(fd)
            throw error
        }
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        bufferOffset = Int64(RecordingFormat.headerSize)
        validEnd = bufferOffset
    }

    deinit {
        if fd >= 0 { Glibc_close(fd) }
        buffer.deallocate()
    }

    /// Closes the file; `next()` then returns `nil`.
    public func close() {
        if fd >= 0 { Glibc_close(fd) }
        fd = -1
        finished = true
    }

    /// Makes at least `count` bytes from `position` available unless the file ends first.
    @inline(__always)
    func ensure(_ count: Int) throws {
        if length - position >= count || atEOF { return }
        try refill()
    }

    @inline(never)
    func refill() throws {
        let keep = length - position
        if position > 0 && keep > 0 { buffer.copyMemory(from: buffer + position, byteCount: keep) }
        bufferOffset += Int64(position)
        length = keep
        position = 0
        while length < capacity {
            let n = try POSIXFile.read(fd, buffer + length, capacity - length, path: path)
            if n == 0 {
                atEOF = true
                break
            }
            length += n
        }
    }

    /// The next event, or `nil` at the end of the file or at a damaged record under `.stop`.
    ///
    /// - Throws: `RecordingError.io` if reading fails.
    public func next() throws -> BookEvent? {
        while !finished {
            try ensure(Self.maximumRecord)
            let available = length - position
            if available == 0 {
                finished = true
                return nil
            }
            let offset = bufferOffset + Int64(position)
            switch check(at: position, available: available) {
            case .success(let (event, size)):
                position += size
                validEnd = offset + Int64(size)
                eventCount += 1
                return event
            case .failure(let damage):
                try handle(damage, at: offset)
            }
        }
        return nil
    }

    /// Calls `body` with every remaining event. Returns the number of events read.
    @discardableResult
    public func forEach(_ body: (BookEvent) throws -> Void) throws -> Int {
        var n = 0
        while let event = try next() {
            try body(event)
            n += 1
        }
        return n
    }

    struct Damage: Error {
        var reason: RecordingIssue.Reason
        /// The record's size by its length prefix, when that is valid and the record is all in the file.
        var size: Int? = nil
    }

    /// Validates and decodes the record at `index` in the buffer.
    @inline(__always)
    func check(at index: Int, available: Int) -> Result<(BookEvent, Int), Damage> {
        let prefix = RecordingFormat.recordPrefixSize
        guard available >= prefix else {
            return .failure(Damage(reason: .truncated(needed: prefix, available: available)))
        }
        let record = buffer + index
        let payloadLength = UInt32(littleEndian: record.loadUnaligned(as: UInt32.self))
        guard payloadLength >= RecordingFormat.commonSize && payloadLength <= RecordingFormat.maximumPayloadLength
        else { return .failure(Damage(reason: .invalidLength(payloadLength))) }
        let size = prefix + Int(payloadLength)
        guard available >= size else {
            return .failure(Damage(reason: .truncated(needed: size, available: available)))
        }
        let stored = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let computed = CRC32.checksum(record + prefix, count: Int(payloadLength))
        guard stored == computed else {
            return .failure(Damage(reason: .checksumMismatch(stored: stored, computed: computed), size: size))
        }
        guard let event = RecordingFormat.decodePayload(record + prefix, length: Int(payloadLength)) else {
            let type = record.load(fromByteOffset: prefix, as: UInt8.self)
            return .failure(Damage(reason: .malformedPayload(type: type, length: Int(payloadLength)), size: size))
        }
        return .success((event, size))
    }

    /// Records the issue and either stops or scans forward to the next record that verifies. The tail of a killed
    /// writer (zero padding, possibly after one partial record) ends reading under either policy.
    func handle(_ damage: Damage, at offset: Int64) throws {
        let reason = damage.reason
        let zeros = try trailingZeros()
        if let padding = paddingStart(damage, at: offset, zeros: zeros) {
            if padding > offset { issues.append(RecordingIssue(offset: offset, reason: reason)) }
            issues.append(RecordingIssue(offset: padding, reason: .zeroPadding(bytes: zeros.fileSize - padding)))
            position = length
            finished = true
            return
        }
        guard policy == .resynchronize else {
            issues.append(RecordingIssue(offset: offset, reason: reason))
            finished = true
            return
        }
        // Try every later offset until a record verifies or the file ends.
        position += 1
        while true {
            try ensure(Self.maximumRecord)
            let available = length - position
            // Nothing but zeros follows: no record can start there.
            let atZeros = zeros.start < zeros.fileSize && bufferOffset + Int64(position) >= zeros.start
            if available < RecordingFormat.recordPrefixSize + RecordingFormat.commonSize || atZeros {
                issues.append(RecordingIssue(offset: offset, reason: reason))
                position = length
                finished = true
                return
            }
            if case .success = check(at: position, available: available) {
                let skipped = bufferOffset + Int64(position) - offset
                issues.append(RecordingIssue(offset: offset, reason: reason, skippedBytes: skipped))
                return
            }
            position += 1
        }
    }
}

/// The tail a killed writer leaves.
extension RecordingReader {
    /// Where the damaged record at `offset` is followed by nothing but zero padding (the writer was killed before
    /// it cut the file to length), the offset where that padding starts; otherwise `nil`.
    ///
    /// - A zero length prefix with only zeros after it: padding right after the last record.
    /// - A zero length prefix, then non-zero bytes (less than one record), then zeros: a record whose length the
    ///   writer had not stored yet (it stores the length last). Padding starts after the non-zero bytes.
    /// - A whole record (valid length) whose checksum fails or whose payload does not decode, then zeros: a record
    ///   stored in part (the compiler or CPU may order the stores differently). Padding starts after it.
    func paddingStart(_ damage: Damage, at offset: Int64, zeros: (start: Int64, fileSize: Int64)) -> Int64? {
        guard zeros.start < zeros.fileSize, offset < zeros.fileSize else { return nil }
        switch damage.reason {
        case .invalidLength(let n):
            guard n == 0 else { return nil }
            if offset >= zeros.start { return offset }
            return zeros.start - offset <= Int64(Self.maximumRecord) ? zeros.start : nil
        case .checksumMismatch, .malformedPayload:
            guard let size = damage.size else { return nil }
            let end = offset + Int64(size)
            return end >= zeros.start && end < zeros.fileSize ? end : nil
        case .truncated, .zeroPadding:
            return nil
        }
    }

    /// Where the file's final run of zero bytes starts (the file's size when its last byte is not zero), and the
    /// file's size. Found once, reading backwards from the end.
    func trailingZeros() throws -> (start: Int64, fileSize: Int64) {
        if let zeroTail { return zeroTail }
        let size = try POSIXFile.size(fd, path: path)
        let block = 1 << 16
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 16)
        defer { scratch.deallocate() }
        var start = size
        scan: while start > 0 {
            let count = Int(min(Int64(block), start))
            let from = start - Int64(count)
            var got = 0
            while got < count {
                let n = try POSIXFile.read(fd, scratch + got, count - got, at: from + Int64(got), path: path)
                if n == 0 { break }
                got += n
            }
            guard got == count else { break }  // the file shrank meanwhile: stop at what is known
            let bytes = scratch.assumingMemoryBound(to: UInt8.self)
            var i = count
            while i > 0 {
                if bytes[i - 1] != 0 { break scan }
                i -= 1
                start -= 1
            }
        }
        zeroTail = (start, size)
        return (start, size)
    }
}

/// Reading a whole recording at once.
extension RecordingReader {
    /// All events of the recording at `path` and the issues found. Loads everything into memory.
    public static func readAll(path: String, policy: CorruptionPolicy = .stop) throws
        -> (events: [BookEvent], issues: [RecordingIssue])
    {
        let reader = try RecordingReader(path: path, policy: policy)
        defer { reader.close() }
        var events: [BookEvent] = []
        while let event = try reader.next() { events.append(event) }
        return (events, reader.issues)
    }
}
