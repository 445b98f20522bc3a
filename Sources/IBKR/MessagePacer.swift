import NIOCore

/// Keeps outgoing messages under a rate (TWS allows 50 messages per second, §14): frames beyond the rate are
/// queued and written when the one-second window allows. Confined to one event loop.
final class MessagePacer: @unchecked Sendable {
    let limit: Int
    let loop: EventLoop
    private var sent: [NIODeadline] = []
    private var queue: [(Channel, ByteBuffer)] = []
    private var scheduled = false
    /// Messages that had to wait (for tests and stats).
    private(set) var delayedCount = 0

    init(limit: Int, loop: EventLoop) {
        self.limit = max(1, limit)
        self.loop = loop
    }

    /// Queues a frame for `channel` and writes what the window allows.
    func submit(_ channel: Channel, _ buffer: ByteBuffer) {
        loop.preconditionInEventLoop()
        queue.append((channel, buffer))
        if queue.count > 1 || scheduled { delayedCount += 1 }
        drain()
    }

    /// Forgets queued frames (the connection they were for is gone).
    func reset() {
        queue.removeAll()
    }

    private func drain() {
        let now = NIODeadline.now()
        let window = TimeAmount.seconds(1)
        while let first = sent.first, first + window <= now { sent.removeFirst() }
        var touched: [ObjectIdentifier: Channel] = [:]
        while !queue.isEmpty && sent.count < limit {
            let (channel, buffer) = queue.removeFirst()
            channel.write(buffer, promise: nil)
            touched[ObjectIdentifier(channel)] = channel
            sent.append(now)
        }
        for c in touched.values { c.flush() }
        if !queue.isEmpty && !scheduled, let first = sent.first {
            scheduled = true
            loop.scheduleTask(deadline: first + window) { [self] in
                scheduled = false
                drain()
            }
        }
    }
}
