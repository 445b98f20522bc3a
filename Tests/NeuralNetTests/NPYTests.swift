import XCTest

@testable import NeuralNet

/// Oracle: files written by NumPy's `np.save` (Fixtures/npy, keras_prototype).
final class NPYTests: XCTestCase {
    func testReadsNumPyVariants() throws {
        let expected = (0..<24).map { Double($0) / 7 }
        guard case .float64(let shape, let values) = try NPY.read(path: Fixture.path("npy/f8_fortran.npy")) else {
            return XCTFail("float64 expected")
        }
        XCTAssertEqual(shape, [2, 3, 4])
        XCTAssertEqual(values, expected)  // Fortran order reordered to C order
        guard case .float32(let s2, let v2) = try NPY.read(path: Fixture.path("npy/f4_big_endian.npy")) else {
            return XCTFail("float32 expected")
        }
        XCTAssertEqual(s2, [2, 3, 4])
        XCTAssertEqual(v2, expected.map { Float($0) })
        XCTAssertEqual(try NPY.read(path: Fixture.path("npy/f4_1d.npy")), .float32(shape: [3], values: [1.5, -2.25, 3]))
    }

    func testWriteReadRoundTrip() throws {
        let t = try Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, -6.5])
        let path = Fixture.temporaryPath("t.npy")
        try NPY.write(t, to: path)
        XCTAssertEqual(try NPY.read(path: path).tensor, t)
        let data = try NPY.encode(shape: [3, 2], float32: t.values)
        XCTAssertEqual((10 + Int(data[8]) + Int(data[9]) << 8) % 64, 0)  // header aligned to 64 bytes
        try NPY.write(shape: [2], float64: [0.1, 1e300], to: path)
        XCTAssertEqual(try NPY.read(path: path), .float64(shape: [2], values: [0.1, 1e300]))
        try NPY.write(try Tensor(shape: [4], values: [1, 2, 3, 4]), to: path)
        XCTAssertEqual(try NPY.read(path: path).shape, [4])
    }

    func testRejectsOtherDtypesAndTruncation() throws {
        var data = try NPY.encode(shape: [4], float32: [1, 2, 3, 4])
        XCTAssertThrowsError(try NPY.decode(data.prefix(data.count - 1)))
        let at = try XCTUnwrap(data.range(of: Data("<f4".utf8)))
        data.replaceSubrange(at, with: Data("<i4".utf8))
        XCTAssertThrowsError(try NPY.decode(data)) { error in XCTAssertTrue("\(error)".contains("<i4")) }
    }
}
