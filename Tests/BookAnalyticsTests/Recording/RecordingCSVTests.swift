import XCTest
@testable import BookAnalytics

/// Oracle: CSV rows written out by hand for each event kind.
final class RecordingCSVTests: XCTestCase {
    func testRows() {
        XCTAssertEqual(RecordingCSV.row(BookEvent(timestamp: 5, stream: 2, payload: .depth(
            DepthUpdate(position: 1, operation: .update, side: .bid, price: 100.25, size: 300)))),
            "5,2,depth,1,1,1,100.25,300.0,,,,,")
        XCTAssertEqual(RecordingCSV.row(BookEvent(timestamp: 6, payload: .depth(
            DepthUpdate(position: 0, marketMaker: MarketMakerCode("NSDQ")!, operation: 0, side: 0, price: 1.5,
                        size: 2, isSmartDepth: true)))),
            "6,0,depth_l2,0,0,0,1.5,2.0,NSDQ,1,,,")
        XCTAssertEqual(RecordingCSV.row(BookEvent(timestamp: 7, payload: .tick(.price(tickType: 4, price: 9.5,
                                                                                    size: 10, attributes: 2)))),
            "7,0,tick_price,,,,9.5,10.0,,,4,2,")
        XCTAssertEqual(RecordingCSV.row(BookEvent(timestamp: 8, payload: .tick(.size(tickType: 8, size: 77)))),
            "8,0,tick_size,,,,,77.0,,,8,0,")
        XCTAssertEqual(RecordingCSV.row(BookEvent(timestamp: 9, payload: .clear)), "9,0,clear,,,,,,,,,,")
        XCTAssertEqual(RecordingCSV.row(BookEvent(timestamp: 10, payload: .label("a,\"b\""))),
            "10,0,label,,,,,,,,,,\"a,\"\"b\"\"\"")
        XCTAssertEqual(RecordingCSV.header.split(separator: ",").count, 13)
    }

    func testConvertWritesHeaderAndOneRowPerEvent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("c.lbook"), csv = directory.path("c.csv")
        let writer = try RecordingWriter(path: path)
        for i in 0..<3 { try writer.append(BookEvent(timestamp: Int64(i), payload: .clear)) }
        try writer.close()
        let result = try RecordingCSV.convert(recording: path, to: csv)
        XCTAssertEqual(result.events, 3)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        XCTAssertEqual(text, RecordingCSV.header + "\n0,0,clear,,,,,,,,,,\n1,0,clear,,,,,,,,,,\n2,0,clear,,,,,,,,,,\n")
        XCTAssertThrowsError(try RecordingCSV.convert(recording: path, to: path)) {
            XCTAssertTrue("\($0)".contains("choose another output path"), "\($0)")
        }
        XCTAssertEqual(try RecordingReader.readAll(path: path).events.count, 3, "the recording is intact")
    }
}
