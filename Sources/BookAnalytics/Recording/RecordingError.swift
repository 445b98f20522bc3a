/// Errors that stop a recording from being opened, written or read. Corruption found *inside* a readable
/// recording is not an error but a `RecordingIssue`: the reader reports it and stops or skips.
public enum RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed: what was being done, the path, the `strerror` text.
    case io(operation: String, path: String, message: String)
    /// The file is not a Lunar book recording (bad magic, short or corrupt header).
    case notARecording(path: String, reason: String)
    /// The file was written by a newer format version.
    case unsupportedVersion(path: String, found: UInt16, supported: UInt16)
    /// `.create` mode and the file exists.
    case fileExists(path: String)
    /// A label is longer than the format allows.
    case labelTooLong(bytes: Int, maximum: Int)
    /// The writer was closed.
    case closed(path: String)
    /// `.append` found damage followed by good records: cutting the file there would lose them.
    case damaged(path: String, issue: RecordingIssue)
    /// A real-time replay scale that is not positive and finite.
    case invalidReplaySpeed(Double)

    /// The message, with what to do about it.
    public var description: String {
        switch self {
        case .io(let operation, let path, let message):
            return "\(path): \(operation) failed: \(message)"
        case .notARecording(let path, let reason):
            return "\(path) is not a Lunar book recording (\(reason)); check the path, or record it again"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path) has recording format version \(found) but this Lunar reads up to \(supported): "
                + "update Lunar to read it"
        case .fileExists(let path):
            return "\(path) already exists: choose another path, or open it with mode .append or .truncate"
        case .labelTooLong(let bytes, let maximum):
            return "label of \(bytes) UTF-8 bytes is longer than \(maximum): shorten it"
        case .closed(let path):
            return "\(path): the recording writer is closed; open a new one to write more"
        case .damaged(let path, let issue):
            return "\(path) is damaged before its end (offset \(issue.offset): \(issue.reason)); appending would hide "
                + "the records after it: append to a new file, or copy the good records out with a RecordingReader "
                + "using .resynchronize"
        case .invalidReplaySpeed(let scale):
            return "replay speed scale \(scale) is invalid: use a positive number (1 = as recorded, 10 = 10× faster)"
        }
    }
}

/// A damaged spot found while reading a recording: where, why, and how many bytes were skipped.
public struct RecordingIssue: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the record at `offset`.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// The file ends inside a record (typically the last record of a crashed writer).
        case truncated(needed: Int, available: Int)
        /// The length prefix is outside the format's limits.
        case invalidLength(UInt32)
        /// The payload does not match its CRC-32.
        case checksumMismatch(stored: UInt32, computed: UInt32)
        /// The checksum matches but the payload does not decode (unknown type or wrong size).
        case malformedPayload(type: UInt8, length: Int)
        /// Only zero bytes from here to the end of the file: the rest of the last chunk of a writer that was killed
        /// (or crashed) before `close()` cut the file to length. Everything before it was read.
        case zeroPadding(bytes: Int64)

        /// A short explanation.
        public var description: String {
            switch self {
            case .truncated(let needed, let available):
                return "file ends inside a record (\(available) of \(needed) bytes present)"
            case .invalidLength(0):
                return "invalid record length 0 (a record whose length was not stored: partially written)"
            case .invalidLength(let length): return "invalid record length \(length)"
            case .checksumMismatch(let stored, let computed):
                return "checksum mismatch (stored \(hex(stored)), computed \(hex(computed)))"
            case .malformedPayload(let type, let length):
                return "undecodable record of type \(type) and \(length) payload bytes"
            case .zeroPadding(let bytes):
                return "file ends in \(bytes) bytes of zero padding after the last record: the writer did not close it"
            }
        }

        private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
    }

    /// The file offset of the damaged record.
    public var offset: Int64
    /// What is wrong.
    public var reason: Reason
    /// Bytes skipped to reach the next good record; `nil` when reading stopped here.
    public var skippedBytes: Int64?

    /// Creates an issue.
    public init(offset: Int64, reason: Reason, skippedBytes: Int64? = nil) {
        self.offset = offset
        self.reason = reason
        self.skippedBytes = skippedBytes
    }

    /// E.g. `offset 4242: checksum mismatch (…); reading stopped after the last good record`, or
    /// `file ends in 8384 bytes of zero padding after the last record at offset 4242: the writer did not close it`.
    public var description: String {
        if case .zeroPadding(let bytes) = reason {
            return "file ends in \(bytes) bytes of zero padding after the last record at offset \(offset): the writer "
                + "did not close it (it was killed or crashed); reading stopped there"
        }
        let action = skippedBytes.map { "skipped \($0) bytes to the next good record" }
            ?? "reading stopped after the last good record"
        return "offset \(offset): \(reason); \(action)"
    }
}

/// What the reader does at a damaged record.
public enum CorruptionPolicy: Sendable, Hashable {
    /// Stop at the last good record (the default; what a crashed writer's tail needs).
    case stop
    /// Scan forward for the next record whose checksum verifies and continue from there.
    case resynchronize
}
