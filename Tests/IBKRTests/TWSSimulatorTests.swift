import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

@testable import IBKR

/// A minimal blocking socket speaking raw bytes to the simulator (to send what a well-behaved client never would).
final class RawSocket {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw TWSError.socketException("connect failed") }
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads frames until `count` were read, EOF or timeout; returns them as field arrays.
    func readFrames(_ count: Int, idleMilliseconds: Int32 = 2000) -> (frames: [[String]], eof: Bool) {
        var frames: [[String]] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while frames.count < count {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, idleMilliseconds) > 0 else { return (frames, false) }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 { return (frames, true) }
            if n < 0 { return (frames, false) }
            buffer += chunk[0..<n]
            while buffer.count >= 4 {
                let len = Int(buffer[0]) << 24 | Int(buffer[1]) << 16 | Int(buffer[2]) << 8 | Int(buffer[3])
                guard buffer.count >= 4 + len else { break }
                frames.append(TWSFraming.fields(Array(buffer[4..<(4 + len)])))
                buffer.removeFirst(4 + len)
            }
        }
        return (frames, false)
    }
}

/// The simulator at the byte level: handshake negotiation, startup, malformed requests, errors a real TWS sends.
final class TWSSimulatorTests: XCTestCase {
    var sim: TWSSimulator!

    override func setUpWithError() throws { sim = try makeSimulator() }
    override func tearDown() { sim?.stop() }

    private func handshake(_ s: RawSocket, clientId: Int = 5) -> [[String]] {
        s.send(TWSHandshake.clientHello())
        let reply = s.readFrames(1).frames
        s.send(ClientMessage.startApi(clientId: clientId, optionalCapabilities: "").encodeFrame())
        return reply + s.readFrames(5).frames
    }

    func testHandshakeAndStartupSequence() throws {
        let s = try RawSocket(port: sim.port)
        let frames = handshake(s)
        XCTAssertEqual(frames[0].count, 2)
        XCTAssertEqual(frames[0][0], "178")
        XCTAssertEqual(frames[1], ["15", "1", "DU1234567"])
        XCTAssertEqual(frames[2], ["9", "1", "1"])
        XCTAssertEqual(Array(frames[3...].map { $0[3] }), ["2104", "2106", "2158"])
    }

    func testOfficialClientRangeNegotiates178() throws {
        let s = try RawSocket(port: sim.port)
        s.send(TWSHandshake.clientHello(minVersion: 100, maxVersion: 226))
        XCTAssertEqual(s.readFrames(1).frames.first?.first, "178")
    }

    func testRangeWithout178IsRefused() throws {
        let s = try RawSocket(port: sim.port)
        s.send(TWSHandshake.clientHello(minVersion: 157, maxVersion: 176))
        let (frames, eof) = s.readFrames(1)
        XCTAssertTrue(frames.isEmpty)
        XCTAssertTrue(eof)
    }

    func testSynchronisationBurstIsAnswered() throws {
        // What ib_async sends right after startApi (§2.2); every terminator must come back.
        let s = try RawSocket(port: sim.port)
        _ = handshake(s, clientId: 0)
        let requests: [ClientMessage] = [.reqPositions, .reqOpenOrders, .reqCompletedOrders(apiOnly: false),
                                         .reqAccountUpdates(subscribe: true, account: "DU1234567"),
                                         .reqAccountUpdatesMulti(reqId: 3, account: "DU1234567", modelCode: "",
                                                                 ledgerAndNLV: false),
                                         .reqExecutions(reqId: 4, ExecutionFilter()),
                                         .reqAutoOpenOrders(autoBind: true), .reqManagedAccts, .reqCurrentTime]
        s.send(requests.flatMap { $0.encodeFrame() })
        var ids = Set<String>()
        let deadline = Date(timeIntervalSinceNow: 3)
        while !ids.isSuperset(of: ["62", "53", "102", "54", "74", "55", "15", "49"]) && Date() < deadline {
            for f in s.readFrames(1).frames { ids.insert(f[0]) }
        }
        XCTAssertTrue(ids.isSuperset(of: ["62", "53", "102", "54", "74", "55", "15", "49"]), "\(ids)")
    }

    func testMalformedRequestGetsError320AndConnectionStays() throws {
        let s = try RawSocket(port: sim.port)
        _ = handshake(s)
        s.send(TWSFraming.frame(TWSFraming.payload(["9", "8", "notanumber"])))
        let f = s.readFrames(1).frames
        XCTAssertEqual(f.first?[0], "4")
        XCTAssertEqual(f.first?[3], "320")
        s.send(ClientMessage.reqCurrentTime.encodeFrame())
        XCTAssertEqual(s.readFrames(1).frames.first?[0], "49")
        // A declared length above 16 MiB closes the connection.
        s.send([0x7F, 0xFF, 0xFF, 0xFF])
        XCTAssertTrue(s.readFrames(1).eof)
    }

    func testRequestsBeforeStartApiAreIgnored() throws {
        let s = try RawSocket(port: sim.port)
        s.send(TWSHandshake.clientHello())
        _ = s.readFrames(1)
        s.send(ClientMessage.reqCurrentTime.encodeFrame())
        s.send(ClientMessage.startApi(clientId: 9, optionalCapabilities: "").encodeFrame())
        XCTAssertEqual(s.readFrames(1).frames.first?[0], "15")
    }

    func testCSVDataDrivesHistoryAndPrices() throws {
        guard let file = sharedDataFile("SP500_1min_2019-11.csv") else { throw XCTSkip("shared data not present") }
        sim.stop()
        sim = try makeSimulator(dataFiles: ["SPX": file])
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
        defer { client.disconnect() }
        let spx = try client.stock("SPX")
        // Simulated time starts 25 % into the file (2019-11-05/06), so earlier bars are history.
        let now = try client.currentTime()
        XCTAssertEqual(TWSDate.formatDay(now).prefix(6), "201911")
        let bars = try client.historicalBars(spx, duration: "1 D", barSize: "5 mins", useRTH: true)
        XCTAssertFalse(bars.isEmpty)
        XCTAssertGreaterThan(bars[0].open, 3000)
        XCTAssertLessThan(bars[0].open, 3200)
        let q = try XCTUnwrap(sim.quote("SPX"))
        XCTAssertGreaterThan(q.last, 3000)
        let days = try client.historicalBars(spx, duration: "1 W", barSize: "1 day", useRTH: true)
        XCTAssertGreaterThanOrEqual(days.count, 1)
    }

    func testCSVErrorsNameFileAndLine() throws {
        let path = NSTemporaryDirectory() + "bad-\(UUID().uuidString).csv"
        try "Date,Open,High,Low,Close,Volume\n2019-11-05 09:30:00,1,2,0.5,1.5,10\n2019-11-05 09:31:00,x,2,1,1,1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CSVPricePath(path: path)) {
            XCTAssertTrue("\($0)".hasSuffix(":3: bad price"), "\($0)")
        }
    }

    func testSyntheticPathIsDeterministicAndBarsConsistent() {
        let p = SyntheticPricePath(symbol: "AAPL", basePrice: 190, seed: 1)
        XCTAssertEqual(p.price(at: 1_736_173_800), p.price(at: 1_736_173_800))
        let bars = p.bars(from: 1_736_173_800, to: 1_736_173_800 + 3600, barSeconds: 300)
        XCTAssertEqual(bars.count, 12)
        for b in bars { XCTAssertTrue(b.low <= min(b.open, b.close) && b.high >= max(b.open, b.close)) }
        let depth = RandomWalkDepthSource(seed: 3)
        let snap = depth.snapshot(symbol: "AAPL", mid: 190, tick: 0.01, levels: 10, time: 0)
        XCTAssertEqual(snap.bids.count, 10)
        XCTAssertLessThan(snap.bids[0].price, snap.asks[0].price)
    }
}

/// Mutated requests thrown at the simulator: it must answer or skip them, never crash, and keep serving.
final class TWSSimulatorRobustnessTests: XCTestCase {
    func testMutatedRequestsNeverStopTheSimulator() throws {
        let logs = TWSLogCollector()
        let sim = try makeSimulator(logs: logs)
        defer { sim.stop() }
        let c = Contract(conId: 0, symbol: "AAPL")
        var o = Order.limit(.buy, 10, price: 1)
        o.orderId = 50
        let seeds: [[String]] = [
            ClientMessage.placeOrder(o, c), .reqMktData(reqId: 1, c, genericTickList: "236", snapshot: false,
                                                        regulatorySnapshot: false),
            .reqHistoricalData(HistoricalDataRequest(reqId: 2, contract: c, barSize: "1 min", duration: "1 D")),
            .reqMktDepth(reqId: 3, c, numRows: 5, isSmartDepth: true), .reqAccountSummary(reqId: 4, group: "All",
                                                                                          tags: "$LEDGER"),
            .reqRealTimeBars(reqId: 5, c, barSize: 5, whatToShow: "TRADES", useRTH: false),
            .reqExecutions(reqId: 6, ExecutionFilter()), .cancelOrder(orderId: 50, manualOrderCancelTime: ""),
        ].map { TWSFraming.fields($0.encodePayload()) }
        let junk = ["", "-1", "0", "99999999999999999999", "1e308", "-0.0", "NaN", "Infinity", "BAG", "PEG BEST",
                    "2147483647", "1.7976931348623157E308", "20250101 99:00:00", "\\u00e9", "SELL", "STP LMT", "5",
                    "-5", "1000000 Y", "7 mins"]
        var rng = SystemRandomNumberGenerator()
        var state: UInt64 = 12_345
        func next(_ n: Int) -> Int {
            state = SimRandom.mix(state)
            return Int(state % UInt64(n))
        }
        _ = rng
        for round in 0..<2 {
            let s = try RawSocket(port: sim.port)
            s.send(TWSHandshake.clientHello())
            _ = s.readFrames(1)
            s.send(ClientMessage.startApi(clientId: 100 + round, optionalCapabilities: "").encodeFrame())
            var bytes: [UInt8] = []
            for _ in 0..<400 {
                var f = seeds[next(seeds.count)]
                for _ in 0..<(1 + next(3)) {
                    switch next(3) {
                    case 0: f[next(f.count)] = junk[next(junk.count)]
                    case 1: if f.count > 1 { f.remove(at: 1 + next(f.count - 1)) }
                    default: f.insert(junk[next(junk.count)], at: 1 + next(f.count))
                    }
                }
                bytes += TWSFraming.frame(TWSFraming.payload(f))
            }
            s.send(bytes)
            s.send(ClientMessage.reqCurrentTime.encodeFrame())
            var sawTime = false
            let deadline = Date(timeIntervalSinceNow: 20)
            while !sawTime && Date() < deadline {
                let (frames, eof) = s.readFrames(500, idleMilliseconds: 200)
                if frames.contains(where: { $0.first == "49" }) { sawTime = true }
                if eof { break }
            }
            XCTAssertTrue(sawTime, "round \(round): the simulator stopped answering; last log lines:\n"
                + logs.lines.suffix(8).joined(separator: "\n"))
        }
        // And a normal client still works.
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
        XCTAssertEqual(try client.stock("AAPL").conId, 265_598)
        let reqId = try client.subscribeMarketData(try client.stock("MSFT"))
        var quotes = 0
        client.run(seconds: 5) { e in
            if case .quote(let id, _, _) = e, id == reqId { quotes += 1 }
            return quotes < 20
        }
        XCTAssertEqual(quotes, 20)  // the market timer still runs
        client.disconnect()
    }
}
