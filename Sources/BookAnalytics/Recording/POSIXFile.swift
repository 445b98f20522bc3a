#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the recording code needs, throwing `RecordingError.io`.
enum POSIXFile {
    static func errorText() -> String { String(cString: strerror(errno)) }

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = path.withCString { Glibc_open($0, flags, mode) }
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            if errno == EEXIST { throw RecordingError.fileExists(path: path) }
            throw RecordingError.io(operation: "open", path: path, message: errorText())
        }
    }

    /// Writes all `count` bytes, retrying on EINTR and short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, path: String) throws {
        var done = 0
        while done < count {
            let n = write(fd, bytes + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw RecordingError.io(operation: "write", path: path, message: errorText())
            }
            done += n
        }
    }

    /// Reads up to `count` bytes; returns 0 at end of file.
    static func read(_ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int, path: String) throws -> Int {
        while true {
            let n = Glibc_read(fd, bytes, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw RecordingError.io(operation: "read", path: path, message: errorText())
        }
    }

    /// Sets the file's size (`ftruncate`), retrying on EINTR.
    static func truncate(_ fd: Int32, to size: Int64, path: String, operation: String) throws {
        while ftruncate(fd, off_t(size)) != 0 {
            if errno == EINTR { continue }
            throw RecordingError.io(operation: operation, path: path, message: errorText())
        }
    }

    /// Extends the file to `offset + count` bytes with its blocks allocated (`posix_fallocate`), so that stores
    /// into a mapping of them cannot fail for want of disk space. Where that is unsupported, only sets the size.
    static func allocate(_ fd: Int32, from offset: Int64, count: Int64, path: String) throws {
        #if os(Linux)
        var result: Int32
        repeat { result = posix_fallocate(fd, off_t(offset), off_t(count)) } while result == EINTR
        if result == 0 { return }
        if result != EOPNOTSUPP && result != EINVAL {
            throw RecordingError.io(operation: "allocate \(count) bytes", path: path,
                                    message: String(cString: strerror(result)))
        }
        #endif
        try truncate(fd, to: offset + count, path: path, operation: "extend")
    }

    /// Maps `count` bytes of the file from `offset` (a multiple of the page size) shared and writable; `nil` with
    /// `errno` set on failure.
    static func mapShared(_ fd: Int32, offset: Int64, count: Int) -> UnsafeMutableRawPointer? {
        let p = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
        guard let p, p != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        return p
    }

    /// Reads up to `count` bytes at `offset` without moving the file position; returns 0 at end of file.
    static func read(_ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int, at offset: Int64,
                     path: String) throws -> Int {
        while true {
            let n = pread(fd, bytes, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw RecordingError.io(operation: "read", path: path, message: errorText())
        }
    }

    static func size(_ fd: Int32, path: String) throws -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RecordingError.io(operation: "stat", path: path, message: errorText()) }
        return Int64(st.st_size)
    }
}

#if canImport(Glibc)
@inline(__always) private func Glibc_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    Glibc.open(path, flags, mode)
}
@inline(__always) private func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int {
    Glibc.read(fd, buf, n)
}
#elseif canImport(Musl)
@inline(__always) private func Glibc_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    Musl.open(path, flags, mode)
}
@inline(__always) private func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int {
    Musl.read(fd, buf, n)
}
#else
@inline(__always) private func Glibc_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    Darwin.open(path, flags, mode)
}
@inline(__always) private func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int {
    Darwin.read(fd, buf, n)
}
#endif

/// `O_WRONLY | O_CREAT | O_TRUNC`, for files written from scratch.
let O_WRONLY_CREAT_TRUNC: Int32 = O_WRONLY | O_CREAT | O_TRUNC
