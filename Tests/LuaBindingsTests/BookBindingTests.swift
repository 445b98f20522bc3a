import Foundation
import LuaRuntime
import XCTest

final class BookBindingTests: XCTestCase {
    func testApplyWithCodesAndNamesAndLevels() throws {
        let state = try makeHost()
        try state.execute("""
            book = lunar.book.new{depth = 5}
            assert(book:apply{position = 0, operation = 0, side = 1, price = 100.00, size = 300})
            assert(book:apply{position = 1, operation = "insert", side = "bid", price = 99.99, size = 100})
            assert(book:apply{position = 0, operation = "insert", side = "ask", price = 100.02, size = 200})
            assert(book:apply{position = 0, operation = 1, side = 1, price = 100.00, size = 350})
            """)
        XCTAssertEqual(try state.execute("return book:bid(1)"), [.number(100), .number(350)])
        XCTAssertEqual(try state.execute("return book:bid(2)"), [.number(99.99), .number(100)])
        XCTAssertEqual(try state.execute("return book:ask(1)"), [.number(100.02), .number(200)])
        XCTAssertEqual(try state.execute("return book:ask(2)"), [.nil])
        XCTAssertEqual(try state.execute("return book:state(), #book"), [.string("normal"), .integer(3)])
    }

    func testBadOperationsAreCountedAndLeaveTheBookUnchanged() throws {
        let state = try makeHost()
        try state.execute("""
            book = lunar.book.new{depth = 5}
            book:apply{position = 0, operation = 0, side = 1, price = 100, size = 10}
            before = tostring(book)
            r1 = {book:apply{position = 9, operation = 0, side = 1, price = 99, size = 1}}
            r2 = {book:apply{position = 0, operation = 7, side = 1, price = 99, size = 1}}
            r3 = {book:apply{position = 0, operation = 0, side = 4, price = 99, size = 1}}
            r4 = {book:apply{position = 0, operation = 1, side = 1, price = 0/0, size = 1}}
            r5 = {book:apply{position = 0, operation = 1, side = 1, price = 99, size = -5}}
            after = tostring(book)
            counts = book:rejections()
            """)
        XCTAssertEqual(try state.execute("return before == after, counts.total"), [.boolean(true), .integer(5)])
        XCTAssertEqual(try state.execute("return r1[1], r1[2]"), [.boolean(false), .string("positionOutOfRange")])
    }

    func testFeaturesAreTheSeventeenNamesAndHandComputedImbalance() throws {
        let state = try makeHost()
        try state.execute("""
            book = lunar.book.new{}
            book:apply{position = 0, operation = 0, side = 1, price = 100.00, size = 300}
            book:apply{position = 0, operation = 0, side = 0, price = 100.02, size = 100}
            f = book:features()
            n = 0 for _ in pairs(f) do n = n + 1 end
            """)
        XCTAssertEqual(try state.execute("return n, #lunar.book.names()"), [.integer(17), .integer(17)])
        // Level-1 imbalance (bid − ask) / (bid + ask) = (300 − 100) / 400.
        XCTAssertEqual(try state.execute("return f[lunar.book.names()[1]]"), [.number(0.5)])
    }

    func testSyntheticRecordReplayRoundTrip() throws {
        let state = try makeHost()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("book-\(UUID().uuidString).lbook").path
        try state.execute("""
            local gen = lunar.book.synthetic{seed = 7}
            written = gen:record('\(path)', 5000)
            live = lunar.book.new{}
            lunar.book.synthetic{seed = 7}:run(live, 5000)
            replayed = lunar.book.new{}
            summary = lunar.book.replay('\(path)', replayed)
            """)
        XCTAssertEqual(try state.execute("return written, summary.events, tostring(live) == tostring(replayed)"),
                       [.integer(5000), .integer(5000), .boolean(true)])
        // A truncated file stops at the last good record and says where.
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 7).write(to: URL(fileURLWithPath: path))
        let r = try state.execute("local s = lunar.book.replay('\(path)', function() end) return s.events, #s.issues")
        XCTAssertEqual(r, [.integer(4999), .integer(1)])
    }

    func testBookFeaturesJoinedToBarsWithoutLookahead() throws {
        let state = try makeHost()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let full = dir.appendingPathComponent("full.lbook").path, cut = dir.appendingPathComponent("cut.lbook").path
        // 60 s of order flow from 09:30:00 (bars keep exchange wall-clock time as if UTC; so does this recording).
        try state.execute("""
            lunar.book.synthetic{seed = 2, startTimestamp = 1699954200 * 1000000000}:record('\(full)', 60000)
            lunar.book.synthetic{seed = 2, startTimestamp = 1699954200 * 1000000000}:record('\(cut)', 30000)
            bars = lunar.data.synthetic{bars = 6, interval = "10s", start = "2023-11-14"}
            a = lunar.book.features_for(bars, '\(full)', {every_ms = 100})
            b = lunar.book.features_for(bars, '\(cut)', {every_ms = 100})
            both = lunar.data.synthetic{bars = 6, interval = "10s", start = "2023-11-14"}
            """)
        XCTAssertEqual(try state.execute("return #a, #a:names()"), [.integer(6), .integer(17)])
        // Bars closing by 09:30:20 (well inside the 30 s cut) see only events up to their close: the same with or
        // without the later events.
        for name in ["imbalance_1", "spread_bps", "imbalance_mean", "mid_return_bps"] {
            let same = try state.execute("for i = 1, 2 do local x, y = a.\(name)[i], b.\(name)[i] if not (x == y or (x ~= x and y ~= y)) then return i end end return 0")
            XCTAssertEqual(same, [.integer(0)], name)
        }
        XCTAssertEqual(try state.execute("return a.imbalance_mean[6] == b.imbalance_mean[6]"), [.boolean(false)])
        // 19 + 17 = 36 model features.
        XCTAssertEqual(try state.execute("return #lunar.ta.features(bars, 'seed19'):concat(a):names()"), [.integer(36)])
    }
}
