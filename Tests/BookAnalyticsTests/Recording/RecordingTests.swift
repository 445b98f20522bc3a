import XCTest
@testable import BookAnalytics

/// Oracles: the events written (round trip); hand-placed damage at known offsets (truncation at every byte of
/// the last record, flipped bytes) with the expected offset and reason; the format's documented layout.
final class RecordingTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// One event of every kind, including bad input that must round-trip as received.
    func sampleEvents() -> [BookEvent] {
        [
            BookEvent(timestamp: 1_700_000_000_000_000_001, stream: 7, payload: .label("AAPL")),
            BookEvent(timestamp: 1_700_000_000_000_000_002, stream: 7,
                      payload: .depth(DepthUpdate(position: 0, operation: .insert, side: .bid, price: 189.25,
                                                  size: 300))),
            BookEvent(timestamp: 1_700_000_000_000_000_003, stream: 7,
                      payload: .depth(DepthUpdate(position: 3, marketMaker: MarketMakerCode("ARCA")!, operation: 1,
                                                  side: 0, price: 189.27, size: 100, isSmartDepth: true))),
            BookEvent(timestamp: 1_700_000_000_000_000_004, stream: 7,
                      payload: .depth(DepthUpdate(position: 2, marketMaker: MarketMakerCode("ABCDEFGHIJKLMNOP")!,
                                                  operation: 2, side: 1, price: 0, size: 0, isSmartDepth: false))),
            BookEvent(timestamp: 1_700_000_000_000_000_005, stream: -1,
                      payload: .depth(DepthUpdate(position: -5, operation: 9, side: -1, price: .infinity,
                                                  size: -3))),
            BookEvent(timestamp: 1_700_000_000_000_000_006, stream: 7,
                      payload: .tick(.price(tickType: 4, price: 189.26, size: 50, attributes: 5))),
            BookEvent(timestamp: 1_700_000_000_000_000_007, stream: 7, payload: .tick(.size(tickType: 8, size: 1234))),
            BookEvent(timestamp: 1_700_000_000_000_000_008, stream: 7, payload: .clear),
            BookEvent(timestamp: -1, stream: Int32.max, payload: .label("é,\"∑\"\n")),
            BookEvent(timestamp: 9, stream: 0, payload: .label("")),
        ]
    }

    func write(_ events: [BookEvent], to path: String, mode: RecordingWriter.Mode = .create) throws {
        let writer = try RecordingWriter(path: path, mode: mode)
        for e in events { try writer.append(e) }
        try writer.close()
    }

    func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    func save(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// The file offset where each record starts, from the documented layout.
    func recordOffsets(_ file: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var o = RecordingFormat.headerSize
        while o + 8 <= file.count {
            offsets.append(o)
            let n = Int(file[o]) | Int(file[o + 1]) << 8 | Int(file[o + 2]) << 16 | Int(file[o + 3]) << 24
            o += 8 + n
        }
        return offsets
    }

    func testRoundTripOfEveryEventKind() throws {
        let path = directory.path("a.lbook")
        let events = sampleEvents()
        try write(events, to: path)
        let (read, issues) = try RecordingReader.readAll(path: path)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(read.count, events.count)
        for (a, b) in zip(read, events) { XCTAssertEqual(a, b) }
        let file = try bytes(path)
        XCTAssertEqual(Array(file[0..<8]), RecordingFormat.magic)
        XCTAssertEqual(recordOffsets(file).count, events.count)
        // A depth record is 8 + 35 bytes, as documented.
        XCTAssertEqual(recordOffsets(file)[2] - recordOffsets(file)[1], 43)
    }

    func testOutOfRangeCodesAreSaturatedAndStayInvalid() throws {
        let path = directory.path("codes.lbook")
        try write([BookEvent(timestamp: 0, payload: .depth(DepthUpdate(position: 0, operation: 300, side: -300,
                                                                       price: 1, size: 1)))], to: path)
        guard case .depth(let u) = try RecordingReader.readAll(path: path).events[0].payload else { return XCTFail() }
        XCTAssertEqual(u.operation, 127)
        XCTAssertEqual(u.side, -128)
        XCTAssertEqual(try OrderBook(depth: 5).apply(u), .unknownOperation)
    }

    func testATruncatedLastRecordIsReportedAndEverythingBeforeItIsRead() throws {
        let path = directory.path("t.lbook")
        let events = sampleEvents()
        try write(events, to: path)
        let file = try bytes(path)
        let last = recordOffsets(file).last!
        for cut in last..<file.count {
            let cutPath = directory.path("cut\(cut).lbook")
            try save(Array(file[0..<cut]), cutPath)
            let (read, issues) = try RecordingReader.readAll(path: cutPath)
            XCTAssertEqual(read, Array(events.dropLast()), "cut at \(cut)")
            if cut == last {
                XCTAssertEqual(issues, [], "a cut on a record boundary is a clean end")
            } else {
                XCTAssertEqual(issues.count, 1, "cut at \(cut)")
                XCTAssertEqual(issues.first?.offset, Int64(last))
                guard case .truncated = issues.first?.reason else { return XCTFail("\(issues)") }
                XCTAssertNil(issues.first?.skippedBytes)
                XCTAssertTrue(issues[0].description.contains("offset \(last)"), issues[0].description)
            }
        }
    }

    func testACorruptedRecordStopsReadingOrIsSkipped() throws {
        let path = directory.path("c.lbook")
        let events = sampleEvents()
        try write(events, to: path)
        var file = try bytes(path)
        let offsets = recordOffsets(file)
        file[offsets[3] + 20] ^= 0x40  // a payload byte of record 3
        try save(file, path)
        let stopped = try RecordingReader.readAll(path: path)
        XCTAssertEqual(stopped.events, Array(events.prefix(3)))
        XCTAssertEqual(stopped.issues.count, 1)
        XCTAssertEqual(stopped.issues[0].offset, Int64(offsets[3]))
        guard case .checksumMismatch = stopped.issues[0].reason else { return XCTFail("\(stopped.issues)") }

        let resynced = try RecordingReader.readAll(path: path, policy: .resynchronize)
        XCTAssertEqual(resynced.events, events.enumerated().filter { $0.offset != 3 }.map(\.element))
        XCTAssertEqual(resynced.issues.count, 1)
        XCTAssertEqual(resynced.issues[0].skippedBytes, Int64(offsets[4] - offsets[3]))
    }

    func testACorruptedLengthIsReported() throws {
        let path = directory.path("l.lbook")
        try write(sampleEvents(), to: path)
        var file = try bytes(path)
        let offsets = recordOffsets(file)
        file[offsets[1] + 3] = 0xFF  // length > maximum
        try save(file, path)
        let result = try RecordingReader.readAll(path: path)
        XCTAssertEqual(result.events.count, 1)
        XCTAssertEqual(result.issues.first?.offset, Int64(offsets[1]))
        guard case .invalidLength = result.issues.first?.reason else { return XCTFail("\(result.issues)") }
        let resynced = try RecordingReader.readAll(path: path, policy: .resynchronize)
        XCTAssertEqual(resynced.events.count, sampleEvents().count - 1)
    }

    func testGarbageAppendedAfterACrashIsSkippedByResync() throws {
        let path = directory.path("g.lbook")
        let events = sampleEvents()
        try write(events, to: path)
        var file = try bytes(path)
        file += [UInt8](repeating: 0xAB, count: 100)
        try save(file, path)
        let result = try RecordingReader.readAll(path: path, policy: .resynchronize)
        XCTAssertEqual(result.events, events)
        XCTAssertEqual(result.issues.count, 1)
        XCTAssertNil(result.issues[0].skippedBytes)
    }

    func testBadHeadersThrowActionableErrors() throws {
        let path = directory.path("h.lbook")
        try save(Array("timestamp,price\n1,2\n".utf8) + [UInt8](repeating: 0, count: 40), path)
        XCTAssertThrowsError(try RecordingReader(path: path)) { error in
            guard case RecordingError.notARecording(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "wrong magic bytes")
        }
        try write([], to: directory.path("ok.lbook"))
        var header = try bytes(directory.path("ok.lbook"))
        XCTAssertEqual(header.count, 32)
        try save(Array(header.prefix(20)), path)
        XCTAssertThrowsError(try RecordingReader(path: path)) { XCTAssertTrue("\($0)".contains("20 of 32"), "\($0)") }
        header[8] = 2  // a future version, with a valid header checksum
        header.withUnsafeMutableBytes { p in
            let crc = CRC32.checksum(p.baseAddress!, count: 28)
            p.storeBytes(of: crc.littleEndian, toByteOffset: 28, as: UInt32.self)
        }
        try save(header, path)
        XCTAssertThrowsError(try RecordingReader(path: path)) {
            XCTAssertEqual($0 as? RecordingError, .unsupportedVersion(path: path, found: 2, supported: 1))
        }
        header[17] ^= 1  // damage the header
        try save(header, path)
        XCTAssertThrowsError(try RecordingReader(path: path)) { XCTAssertTrue("\($0)".contains("checksum"), "\($0)") }
        XCTAssertThrowsError(try RecordingReader(path: directory.path("missing.lbook"))) {
            XCTAssertTrue("\($0)".contains("open failed"), "\($0)")
        }
    }

    func testAppendModeCutsAPartialTailAndContinues() throws {
        let path = directory.path("ap.lbook")
        let events = sampleEvents()
        try write(Array(events.prefix(4)), to: path)
        var file = try bytes(path)
        let cleanSize = file.count
        file += [0x23, 0, 0, 0, 1, 2]  // a crashed writer's partial record
        try save(file, path)
        let writer = try RecordingWriter(path: path, mode: .append)
        XCTAssertEqual(writer.recoveredTail?.offset, Int64(cleanSize))
        XCTAssertEqual(writer.byteCount, Int64(cleanSize))
        for e in events.dropFirst(4) { try writer.append(e) }
        try writer.close()
        let (read, issues) = try RecordingReader.readAll(path: path)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(read, events)
        // Appending to a missing file creates it.
        let fresh = try RecordingWriter(path: directory.path("new.lbook"), mode: .append)
        XCTAssertNil(fresh.recoveredTail)
        try fresh.close()
    }

    func testWriterModesAndMisuse() throws {
        let path = directory.path("m.lbook")
        try write(sampleEvents(), to: path)
        XCTAssertThrowsError(try RecordingWriter(path: path)) {
            XCTAssertEqual($0 as? RecordingError, .fileExists(path: path))
        }
        try write([BookEvent(timestamp: 1, payload: .clear)], to: path, mode: .truncate)
        XCTAssertEqual(try RecordingReader.readAll(path: path).events.count, 1)
        let writer = try RecordingWriter(path: directory.path("x.lbook"))
        XCTAssertThrowsError(try writer.append(BookEvent(timestamp: 0, payload: .label(String(repeating: "x",
                                                                                                 count: 5000)))))
        try writer.close()
        try writer.close()
        XCTAssertThrowsError(try writer.append(BookEvent(timestamp: 0, payload: .clear))) {
            XCTAssertEqual($0 as? RecordingError, .closed(path: self.directory.path("x.lbook")))
        }
    }

    func testRecordsAreInTheFileAsSoonAsAppendedAndCloseCutsThePadding() throws {
        let path = directory.path("f.lbook")
        let writer = try RecordingWriter(path: path, chunkSize: 1 << 16)
        XCTAssertEqual(try bytes(path).count, 32, "only the header before the first append")
        try writer.append(BookEvent(timestamp: 1, payload: .clear))
        // Read while the writer is open: the record is there, followed by the rest of the chunk as zeros.
        var file = try bytes(path)
        XCTAssertEqual(file.count, 1 << 16)
        XCTAssertEqual(writer.byteCount, 32 + 8 + 13)
        XCTAssertTrue(file[(32 + 8 + 13)...].allSatisfy { $0 == 0 })
        var read = try RecordingReader.readAll(path: path)
        XCTAssertEqual(read.events, [BookEvent(timestamp: 1, payload: .clear)])
        XCTAssertEqual(read.issues, [RecordingIssue(offset: 53, reason: .zeroPadding(bytes: (1 << 16) - 53))])
        XCTAssertEqual(read.issues[0].description, "file ends in \((1 << 16) - 53) bytes of zero padding after the "
                       + "last record at offset 53: the writer did not close it (it was killed or crashed); "
                       + "reading stopped there")
        // Many records: many chunks and windows (records straddle chunk boundaries), and the reader's 1 MiB chunks.
        var events: [BookEvent] = []
        for i in 0..<60_000 {
            let u = DepthUpdate(position: i % 10, operation: i % 3, side: i % 2, price: Double(i), size: 1)
            events.append(BookEvent(timestamp: Int64(i), payload: .depth(u)))
        }
        for e in events { try writer.append(e) }
        read = try RecordingReader.readAll(path: path, policy: .resynchronize)
        XCTAssertEqual(Array(read.events.dropFirst()), events)
        XCTAssertEqual(read.issues.count, 1)
        XCTAssertEqual(read.issues.first?.offset, writer.byteCount)
        guard case .zeroPadding(let padding) = read.issues.first?.reason else { return XCTFail("\(read.issues)") }
        file = try bytes(path)
        XCTAssertEqual(Int64(file.count), writer.byteCount + padding)
        XCTAssertLessThan(padding, 1 << 16)
        try writer.sync()
        try writer.close()
        XCTAssertEqual(Int64(try bytes(path).count), 32 + 21 + 60_000 * 43, "close cuts the file to its length")
        read = try RecordingReader.readAll(path: path)
        XCTAssertEqual(read.issues, [])
        XCTAssertEqual(Array(read.events.dropFirst()), events)
        XCTAssertThrowsError(try writer.sync())
    }

    /// A record cut anywhere by a kill: its bytes stored in any order up to some point, zeros after it.
    func testAPartiallyStoredRecordBeforeZeroPaddingIsReportedAndTheRestIsRead() throws {
        let path = directory.path("p.lbook")
        let events = sampleEvents()
            + [BookEvent(timestamp: 77, stream: 3, payload: .tick(.price(tickType: 4, price: 1.5, size: 2, attributes: 1)))]
        try write(events, to: path)
        let clean = try bytes(path)
        let last = recordOffsets(clean).last!
        let padding = 5000
        for stored in 0..<(clean.count - last) {
            for order in ["forward", "length last"] {
                var file = clean + [UInt8](repeating: 0, count: padding)
                // Keep `stored` bytes of the last record: in file order, or payload, CRC, then length (the writer's).
                let sequence = order == "forward"
                    ? Array(last..<clean.count)
                    : Array((last + 8)..<clean.count) + Array((last + 4)..<(last + 8)) + Array(last..<(last + 4))
                let kept = Set(sequence.prefix(stored))
                for i in last..<clean.count where !kept.contains(i) { file[i] = 0 }
                let cutPath = directory.path("p\(stored)\(order.count).lbook")
                try save(file, cutPath)
                for policy in [CorruptionPolicy.stop, .resynchronize] {
                    let (read, issues) = try RecordingReader.readAll(path: cutPath, policy: policy)
                    let context = "\(stored) bytes stored \(order), \(policy): \(issues)"
                    // Stored bytes that happen to complete the record (zero bytes need no store) give it whole.
                    let whole = read.count == events.count
                    XCTAssertEqual(read, whole ? events : Array(events.dropLast()), context)
                    guard let tail = issues.last, case .zeroPadding(let n) = tail.reason else {
                        XCTFail(context)
                        continue
                    }
                    XCTAssertEqual(tail.offset + n, Int64(file.count), context)
                    XCTAssertLessThanOrEqual(issues.count, 2, context)
                    if whole {
                        XCTAssertEqual(issues.count, 1, context)
                        XCTAssertEqual(tail.offset, Int64(clean.count), context)
                    } else if issues.count == 2 {
                        XCTAssertEqual(issues[0].offset, Int64(last), "the partial record, by its offset: \(context)")
                        XCTAssertNil(issues[0].skippedBytes)
                    } else {
                        XCTAssertEqual(tail.offset, Int64(last), context)
                    }
                }
            }
        }
        // The whole record stored: nothing lost, only the padding reported.
        try save(clean + [UInt8](repeating: 0, count: padding), path)
        let (read, issues) = try RecordingReader.readAll(path: path)
        XCTAssertEqual(read, events)
        XCTAssertEqual(issues, [RecordingIssue(offset: Int64(clean.count), reason: .zeroPadding(bytes: Int64(padding)))])
    }

    func testAppendAfterAKillCutsThePaddingAndThePartialRecord() throws {
        let path = directory.path("k.lbook")
        let events = sampleEvents()
        try write(Array(events.prefix(5)), to: path)
        let clean = try bytes(path)
        // What a killed writer leaves: the rest of its chunk as zeros, with a record stored in part.
        var file = clean + [UInt8](repeating: 0, count: 3000)
        file[clean.count + 12] = 7
        file[clean.count + 20] = 9
        try save(file, path)
        let writer = try RecordingWriter(path: path, mode: .append)
        XCTAssertEqual(writer.recoveredTail?.offset, Int64(clean.count))
        XCTAssertEqual(writer.byteCount, Int64(clean.count))
        for e in events.dropFirst(5) { try writer.append(e) }
        try writer.close()
        var (read, issues) = try RecordingReader.readAll(path: path)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(read, events)
        // Only padding: cut, and appending continues after the last record.
        let total = try bytes(path).count
        try save(try bytes(path) + [UInt8](repeating: 0, count: 777), path)
        let again = try RecordingWriter(path: path, mode: .append)
        XCTAssertEqual(again.recoveredTail, RecordingIssue(offset: Int64(total), reason: .zeroPadding(bytes: 777)))
        try again.append(BookEvent(timestamp: 42, payload: .clear))
        try again.close()
        (read, issues) = try RecordingReader.readAll(path: path)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(read, events + [BookEvent(timestamp: 42, payload: .clear)])
    }

    func testRecordingASyntheticSessionIsOneCall() throws {
        let path = directory.path("s.lbook")
        let generator = try SyntheticDepthGenerator(seed: 11)
        XCTAssertEqual(try RecordingWriter.record(generator.prefix(10_000), to: path), 10_000)
        XCTAssertEqual(try RecordingReader.readAll(path: path).events, Array(generator.prefix(10_000)))
    }

    func testAppendModeRefusesAFileDamagedBeforeItsEnd() throws {
        let path = directory.path("mid.lbook")
        try write(sampleEvents(), to: path)
        var file = try bytes(path)
        let offsets = recordOffsets(file)
        file[offsets[2] + 12] ^= 1
        try save(file, path)
        XCTAssertThrowsError(try RecordingWriter(path: path, mode: .append)) { error in
            guard case RecordingError.damaged(_, let issue) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(issue.offset, Int64(offsets[2]))
            XCTAssertTrue("\(error)".contains("append to a new file"))
        }
        XCTAssertEqual(try bytes(path), file, "the file is left as it was")
        // Zeros at the end (a file extended without its data after a power cut) are a tail: cut off.
        try save(try bytes(path).prefix(offsets[2]) + [UInt8](repeating: 0, count: 64), path)
        let writer = try RecordingWriter(path: path, mode: .append)
        XCTAssertNotNil(writer.recoveredTail)
        try writer.close()
        XCTAssertEqual(try RecordingReader.readAll(path: path).events, Array(sampleEvents().prefix(2)))
    }

    func testRandomDamageNeverCrashesAndStopGivesAPrefix() throws {
        let path = directory.path("fuzz.lbook")
        let generator = try SyntheticDepthGenerator(seed: 3)
        let events = Array(generator.prefix(300)) + sampleEvents()
        try write(events, to: path)
        let clean = try bytes(path)
        var random = SplitMix64(seed: 99)
        for round in 0..<300 {
            var file = clean
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let at = RecordingFormat.headerSize + Int(random.next() % UInt64(file.count - 32))
                file[at] = UInt8(truncatingIfNeeded: random.next())
            }
            if round % 3 == 0 { file.removeLast(Int(random.next() % 200)) }
            let damaged = directory.path("fuzz\(round).lbook")
            try save(file, damaged)
            let stopped = try RecordingReader.readAll(path: damaged)
            XCTAssertEqual(stopped.events, Array(events.prefix(stopped.events.count)), "round \(round)")
            let resynced = try RecordingReader.readAll(path: damaged, policy: .resynchronize)
            XCTAssertGreaterThanOrEqual(resynced.events.count, stopped.events.count)
            // Everything a resync returns is a record that was written (no garbage decoded as an event).
            let written = Set(events.map { "\($0)" })
            for e in resynced.events { XCTAssertTrue(written.contains("\(e)"), "round \(round): \(e)") }
            try? FileManager.default.removeItem(atPath: damaged)
        }
    }
}
