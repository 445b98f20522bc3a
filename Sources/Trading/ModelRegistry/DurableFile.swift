import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes: a temporary file in the same folder, `fsync`, `rename` over the target, `fsync` of the
/// folder. A reader sees the old file or the new one, never a mix; a crash leaves at most a temporary file whose
/// name starts with `.` and contains `.tmp-`, which ``removeLeftovers(in:)`` deletes under the registry lock.
enum DurableFile {
    static let temporaryMarker = ".tmp-"

    /// A temporary path beside `url` (hidden, with the process id).
    static func temporaryPath(for url: URL) -> String {
        url.deletingLastPathComponent().appendingPathComponent(
            "." + url.lastPathComponent + temporaryMarker + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    }

    /// Writes `data` to a temporary path beside `url` and fsyncs it; returns that path.
    static func writeTemporary(_ data: Data, beside url: URL) throws -> String {
        let tmp = temporaryPath(for: url)
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ModelRegistryError.io(path: tmp, message: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        let ok: Bool = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            while written < raw.count {
                let n = systemWrite(fd, base + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(tmp)
            throw ModelRegistryError.io(path: tmp, message: "cannot write: \(message)")
        }
        return tmp
    }

    /// Renames `temporary` over `url` and fsyncs the folder.
    static func commit(_ temporary: String, to url: URL) throws {
        if rename(temporary, url.path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw ModelRegistryError.io(path: url.path, message: "cannot rename \(temporary): \(message)")
        }
        syncDirectory(url.deletingLastPathComponent())
    }

    /// Atomically replaces `url` with `data`.
    static func write(_ data: Data, to url: URL) throws {
        try commit(try writeTemporary(data, beside: url), to: url)
    }

    /// Makes a rename in `directory` durable.
    static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Deletes temporary files left by a writer that died; call only while holding the folder's lock.
    @discardableResult
    static func removeLeftovers(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(".") && name.contains(temporaryMarker) {
            if unlink(directory.appendingPathComponent(name).path) == 0 { removed.append(name) }
        }
        return removed
    }
}

/// `write(2)` (the name `write` is shadowed inside types that declare a `write` method).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
