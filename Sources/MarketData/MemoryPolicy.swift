import Foundation

/// Process-wide allocator tuning for large columns; call once at program start (e.g. from the `lunar` binary).
public enum MemoryPolicy {
    /// Keeps freed large blocks in the process for reuse instead of returning them to the system (glibc only).
    ///
    /// Indicator outputs are arrays of millions of doubles; by default glibc returns them to the kernel when freed,
    /// so the next call pays page faults again (costlier than many indicators themselves). After this call such
    /// blocks are reused. Memory stays reserved up to the peak working set. Returns false where unsupported.
    @discardableResult
    public static func retainFreedMemory() -> Bool {
        #if os(Linux)
            typealias MalloptFn = @convention(c) (Int32, Int32) -> Int32
            guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(sym, to: MalloptFn.self)
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD: serve blocks up to 32 MiB from the heap
            let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD: never trim the heap top
            return mallopt(mmapThreshold, 32 << 20) == 1 && mallopt(trimThreshold, Int32.max) == 1
        #else
            return false
        #endif
    }
}
