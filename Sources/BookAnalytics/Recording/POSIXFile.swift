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
