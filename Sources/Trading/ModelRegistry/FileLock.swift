import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until ``unlock()`` or deinit.
///
/// The kernel drops the lock when the holder's process dies, even by SIGKILL, so a crashed writer never leaves the
/// registry locked. Two `FileLock`s on the same path conflict even inside one process (flock locks belong to the
/// open file description). Not reliable on NFS; keep the registry on a local or a flock-capable file system.
public final class FileLock {
    /// The lock file.
    public let path: String
    private var fd: Int32

    /// Acquires the lock, polling every 20 ms for at most `timeout` seconds.
    ///
    /// - Throws: ``ModelRegistryError/locked(path:seconds:)`` after the timeout, ``ModelRegistryError/io(path:message:)``
    ///   when the file cannot be opened.
    public init(path: String, timeout: TimeInterval = 60) throws {
        self.path = path
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ModelRegistryError.io(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw ModelRegistryError.io(path: path, message: "flock failed: \(String(cString: strerror(code)))")
            }
            if Date() >= deadline {
                close(fd)
                fd = -1
                throw ModelRegistryError.locked(path: path, seconds: timeout)
            }
            usleep(20_000)
        }
    }

    /// Releases the lock (idempotent).
    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
