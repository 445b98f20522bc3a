import NIOCore
import NIOEmbedded
import XCTest

@testable import IBKR

/// The framing handlers on an in-memory channel (NIOEmbedded): split and coalesced frames, unknown ids,
/// malformed frames and oversized lengths.
final class TransportTests: XCTestCase {
    private func clientChannel(_ logs: TWSLogCollector) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TWSClientDecoder(
            logger: logs.logger(label: "test"))))
        return channel
    }

    private func frames(_ list: [[String]]) -> [UInt8] {
        list.flatMap { TWSFraming.frame(TWSFraming.payload($0)) }
    }

    private func readAll(_ channel: EmbeddedChannel) throws -> [ClientInbound] {
        var out: [ClientInbound] = []
        while let m = try channel.readInbound(as: ClientInbound.self) { out.append(m) }
        return out
    }

    private let stream: [[String]] = [
        ["178", "20250106 10:15:00 EST"], ["15", "1", "DU1234567"], ["9", "1", "1"],
        ["1", "6", "5", "1", "190.25", "300", "0"], ["2", "6", "5", "0", "300"],
    ]

    func testSplitAtEveryByteGivesTheSameMessages() throws {
        let bytes = frames(stream)
        let logs = TWSLogCollector()
        let channel = try clientChannel(logs)
        for b in bytes { try channel.writeInbound(channel.allocator.buffer(bytes: [b])) }
        let got = try readAll(channel)
        XCTAssertEqual(got.count, 5)
        guard case .serverVersion(178, let time) = got[0] else { return XCTFail() }
        XCTAssertEqual(time, "20250106 10:15:00 EST")
        guard case .message(.tickSize(let t)) = got[4] else { return XCTFail() }
        XCTAssertEqual(t.size, 300)
    }

    func testCoalescedFramesInOneRead() throws {
        let channel = try clientChannel(TWSLogCollector())
        try channel.writeInbound(channel.allocator.buffer(bytes: frames(stream)))
        XCTAssertEqual(try readAll(channel).count, 5)
    }

    func testUnknownAndMalformedFramesAreSkippedWithoutLosingSync() throws {
        let logs = TWSLogCollector()
        let channel = try clientChannel(logs)
        var bytes = frames([["178", "t"], ["14", "1", "1", "1", "news"]])
        bytes += [0, 0, 0, 0]  // zero-length frame
        bytes += frames([["1", "6", "5", "1", "abc", "1", "0"], ["1", "6"], ["xyz"], ["9", "1", "77"]])
        try channel.writeInbound(channel.allocator.buffer(bytes: bytes))
        let got = try readAll(channel)
        XCTAssertEqual(got.count, 2)
        guard case .message(.nextValidId(77)) = got[1] else { return XCTFail("\(got)") }
        XCTAssertTrue(logs.lines.contains { $0.contains("unknown id 14") })
        XCTAssertEqual(logs.lines.filter { $0.contains("skipping malformed") }.count, 4)
    }

    func testOversizedLengthClosesTheConnection() throws {
        let logs = TWSLogCollector()
        let channel = try clientChannel(logs)
        XCTAssertThrowsError(try channel.writeInbound(channel.allocator.buffer(bytes: [0x01, 0x00, 0x00, 0x00, 0x41])))
        XCTAssertTrue(logs.lines.contains { $0.contains("exceeds") })
    }

    func testServerDecoderParsesHelloThenRequests() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TWSServerDecoder(logger: .silent())))
        var bytes = TWSHandshake.clientHello()
        bytes += ClientMessage.startApi(clientId: 3, optionalCapabilities: "").encodeFrame()
        bytes += TWSFraming.frame(TWSFraming.payload(["3", "1", "2"]))  // truncated placeOrder
        bytes += TWSFraming.frame(TWSFraming.payload(["999"]))
        bytes += ClientMessage.reqCurrentTime.encodeFrame()
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            try channel.writeInbound(channel.allocator.buffer(bytes: Array(bytes[chunk..<min(chunk + 7, bytes.count)])))
        }
        var got: [ServerInbound] = []
        while let m = try channel.readInbound(as: ServerInbound.self) { got.append(m) }
        XCTAssertEqual(got.count, 5)
        guard case .hello(let h) = got[0] else { return XCTFail() }
        XCTAssertEqual(h.maxVersion, 178)
        guard case .message(.startApi(3, _)) = got[1] else { return XCTFail() }
        guard case .malformed(let id, _) = got[2] else { return XCTFail() }
        XCTAssertEqual(id, 3)
        guard case .unknown(999) = got[3] else { return XCTFail() }
        guard case .message(.reqCurrentTime) = got[4] else { return XCTFail() }
    }

    func testServerDecoderRejectsNonAPIConnections() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TWSServerDecoder(logger: .silent())))
        let http = channel.allocator.buffer(bytes: Array("GET / HTTP/1.1\r\n".utf8))
        XCTAssertThrowsError(try channel.writeInbound(http))
    }
}
