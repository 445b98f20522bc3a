import Foundation
import NIOCore

/// Measurements behind `lunar bench tws`: tick decoding throughput and simulator order → fill round trips.
public enum TWSBenchmark {
    /// Result of a decoding run.
    public struct DecodeResult: Sendable, CustomStringConvertible {
        /// Messages decoded.
        public var messages: Int
        /// Wall time in seconds.
        public var seconds: Double
        /// Throughput.
        public var messagesPerSecond: Double { Double(messages) / seconds }
        /// One-line summary.
        public var description: String {
            String(format: "%d messages in %.3f s = %.2f M msg/s", messages, seconds, messagesPerSecond / 1e6)
        }
    }

    /// Result of a round-trip run (seconds per sample).
    public struct LatencyResult: Sendable, CustomStringConvertible {
        /// Every sample, sorted.
        public var samples: [Double]
        /// Median.
        public var median: Double { samples.isEmpty ? 0 : samples[samples.count / 2] }
        /// 90th percentile.
        public var p90: Double { samples.isEmpty ? 0 : samples[Swift.min(samples.count - 1, samples.count * 9 / 10)] }
        /// Fastest.
        public var min: Double { samples.first ?? 0 }
        /// Slowest.
        public var max: Double { samples.last ?? 0 }
        /// One-line summary in milliseconds.
        public var description: String {
            String(format: "%d samples: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms", samples.count,
                   median * 1e3, p90 * 1e3, min * 1e3, max * 1e3)
        }
    }

    /// A byte stream of `count` frames alternating tickPrice and tickSize, as TWS sends them.
    public static func tickStream(count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 40)
        for i in 0..<count {
            let m: ServerMessage = i % 2 == 0
                ? .tickPrice(TickPrice(reqId: 1 + i % 7, tickType: i % 4 == 0 ? 1 : 2,
                                       price: 190 + Double(i % 100) / 100, size: Decimal(100 * (1 + i % 9)),
                                       attrMask: 0))
                : .tickSize(TickSize(reqId: 1 + i % 7, tickType: i % 4 == 1 ? 0 : 3, size: Decimal(100 * (1 + i % 13))))
            out += m.encodeFrame()
        }
        return out
    }

    /// Cuts frames from a prepared stream and decodes every one into a typed message (best of `runs`).
    public static func decodeTicks(messages: Int = 2_000_000, runs: Int = 3) -> DecodeResult {
        let stream = tickStream(count: messages)
        var best = Double.infinity
        var decoded = 0
        for _ in 0..<max(1, runs) {
            decoded = 0
            var checksum = 0.0
            let start = DispatchTime.now().uptimeNanoseconds
            stream.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let rest = UnsafeRawBufferPointer(rebasing: raw[offset...])
                    guard case .frame(let po, let pl, let consumed) = TWSFraming.cut(rest) else { break }
                    let payload = UnsafeRawBufferPointer(rebasing: rest[po..<(po + pl)])
                    if let m = try? ServerMessage.decode(payload) {
                        decoded += 1
                        if case .tickPrice(let t) = m { checksum += t.price }
                    }
                    offset += consumed
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if checksum < 0 { print(checksum) }
            best = Swift.min(best, seconds)
        }
        return DecodeResult(messages: decoded, seconds: best)
    }

    /// Starts a simulator on a free loopback port, connects a client, and times `samples` market orders from
    /// `placeOrder` to the `Filled` status (orders spaced to stay under the 50 msg/s pacing limit).
    public static func orderRoundTrip(samples: Int = 200, spacing: Double = 0.022) throws -> LatencyResult {
        var simConfig = TWSSimulator.Configuration()
        simConfig.port = 0
        simConfig.logger = .silent()
        simConfig.tickInterval = 1
        let sim = try TWSSimulator(configuration: simConfig)
        let port = try sim.start()
        defer { sim.stop() }
        var config = TWSClient.Configuration(port: port, clientId: 1)
        config.logger = .silent()
        config.messagesPerSecond = 50
        let client = TWSClient(configuration: config)
        try client.connect()
        defer { client.disconnect() }
        let aapl = try client.stock("AAPL")
        var times: [Double] = []
        for i in 0..<(samples + 5) {
            let start = DispatchTime.now().uptimeNanoseconds
            let id = try client.placeOrder(.market(i % 2 == 0 ? .buy : .sell, 100), contract: aapl)
            let status = try client.waitForOrder(id, timeout: 5, withCommissions: false)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard status == "Filled" else { throw TWSError.invalid("order \(id) ended \(status)") }
            if i >= 5 { times.append(seconds) }  // warm-up
            _ = client.drain(timeout: 0)
            Thread.sleep(forTimeInterval: spacing)
        }
        return LatencyResult(samples: times.sorted())
    }
}
