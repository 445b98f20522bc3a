import Foundation

/// Process-wide allocator tuning for large columns; call once at program start (e.g. from the `lunar` binary).
public enum MemoryPolicy {
    /// Keeps freed large blocks in the process for reuse instead of returning them to the system (glibc only),
    /// and lets the heap they come from be backed by transparent huge pages.
    ///
    /// Indicator outputs are arrays of millions of doubles; by default glibc returns them to the kernel when freed,
    /// so the next call pays page faults again (costlier than many indicators themselves). After this call such
    /// blocks are reused. Memory stays reserved up to the peak working set.
    ///
    /// Reused blocks keep the pages they were first touched with, so a per-array `madvise(MADV_HUGEPAGE)` made
    /// when a column is allocated comes too late for recycled memory: a column would stream through 4 KiB pages
    /// and pay a TLB miss every 512 doubles. So this call also extends the heap by `hugePageReserve` bytes of
    /// address space (nothing is touched; resident memory does not grow), marks that span `MADV_HUGEPAGE` before
    /// any use, and hands it back to malloc — the same effect as glibc's `glibc.malloc.hugetlb=1` tunable, which
    /// can only be set in the environment before the process starts. Returns false where unsupported. Only the
    /// first call has an effect.
    @discardableResult
    public static func retainFreedMemory() -> Bool { applied }

    /// Address space marked for huge pages at the top of the heap.
    public static let hugePageReserve = 1 << 30

    private static let applied: Bool = {
        #if os(Linux)
            typealias MalloptFn = @convention(c) (Int32, Int32) -> Int32
            guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(sym, to: MalloptFn.self)
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD: serve blocks up to 32 MiB from the heap
            let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD: never trim the heap top
            guard mallopt(mmapThreshold, 32 << 20) == 1 && mallopt(trimThreshold, Int32.max) == 1 else {
                return false
            }
            reserveHugePageHeap(bytes: hugePageReserve)
            return true
        #else
            return false
        #endif
    }()

    #if os(Linux)
        /// Grows the heap by about `bytes` in blocks just under the mmap threshold (so malloc takes them from the
        /// heap top), advises huge pages on every whole 2 MiB page they span, then frees them back to the heap
        /// (kept there, as trimming is off). A best effort: nothing happens when the blocks are not contiguous.
        private static func reserveHugePageHeap(bytes: Int) {
            let block = 31 << 20
            let count = Swift.max(1, bytes / block)
            let blocks = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
            defer { blocks.deallocate() }
            for i in 0..<count { blocks[i] = malloc(block) }
            defer { for i in stride(from: count - 1, through: 0, by: -1) { free(blocks[i]) } }
            guard let first = blocks[0], let last = blocks[count - 1] else { return }
            let lo = Int(bitPattern: first)
            let hi = Int(bitPattern: last) + block
            // Contiguous (each block follows the previous one's 16-byte chunk header) or give up.
            guard (0..<count).allSatisfy({ blocks[$0] != nil }), hi > lo, hi - lo <= count * (block + 64) else { return }
            let huge = 2 << 20
            let start = (lo + huge - 1) & ~(huge - 1)
            let end = hi & ~(huge - 1)
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14) }  // MADV_HUGEPAGE
        }
    #endif
}
