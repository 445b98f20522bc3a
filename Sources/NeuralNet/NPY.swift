import Foundation

/// An array read from a NumPy `.npy` file, in its own element type.
public enum NPYArray: Sendable, Equatable {
    /// `<f4` data.
    case float32(shape: [Int], values: [Float])
    /// `<f8` data.
    case float64(shape: [Int], values: [Double])

    /// The shape.
    public var shape: [Int] {
        switch self {
        case .float32(let s, _), .float64(let s, _): return s
        }
    }

    /// The values as a float32 tensor (float64 is rounded).
    public var tensor: Tensor {
        switch self {
        case .float32(let s, let v): return try! Tensor(shape: s, values: v)  // shape checked when decoded
        case .float64(let s, let v): return try! Tensor(shape: s, values: v.map { Float($0) })
        }
    }
}

/// Reads and writes NumPy `.npy` files (format 1.0–3.0; float32 and float64; either byte order; C or Fortran
/// order on reading, C order on writing).
public enum NPY {
    private static let magic: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]

    /// Serialises float32 values of `shape` (format 1.0, little-endian, C order).
    public static func encode(shape: [Int], float32 values: [Float]) throws -> Data {
        try encode(shape: shape, count: values.count, descr: "<f4", payload: SafeTensors.dataBytes(values))
    }

    /// Serialises float64 values of `shape` (format 1.0, little-endian, C order).
    public static func encode(shape: [Int], float64 values: [Double]) throws -> Data {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        for (k, v) in values.enumerated() {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { b in for j in 0..<8 { bytes[k * 8 + j] = b[j] } }
        }
        return try encode(shape: shape, count: values.count, descr: "<f8", payload: bytes)
    }

    private static func encode(shape: [Int], count: Int, descr: String, payload: [UInt8]) throws -> Data {
        guard shape.reduce(1, *) == count else {
            throw NeuralNetError.shapeMismatch(expected: "\(shape.reduce(1, *)) values for shape \(shape)",
                                               got: "\(count) values")
        }
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let total = magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = Data(magic)
        out.append(contentsOf: [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: payload)
        return out
    }

    /// Parses `.npy` bytes; `path` only names the file in errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> NPYArray {
        func corrupt(_ m: String) -> NeuralNetError { .corruptFile(path: path, message: m) }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw corrupt("not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int, start: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        } else if major == 2 || major == 3 {
            guard bytes.count >= 12 else { throw corrupt("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            start = 12
        } else {
            throw corrupt("unsupported .npy format version \(major)")
        }
        guard bytes.count >= start + headerLength else { throw corrupt("truncated header") }
        let header = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        guard let descr = field(header, "descr") else { throw corrupt("header has no 'descr'") }
        let fortran = field(header, "fortran_order") == "True"
        guard let shapeText = field(header, "shape") else { throw corrupt("header has no 'shape'") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let width: Int
        switch descr.dropFirst() {
        case "f4": width = 4
        case "f8": width = 8
        default:
            throw corrupt("dtype \(descr) is not supported; save float32 ('<f4') or float64 ('<f8') arrays")
        }
        let bigEndian = descr.hasPrefix(">")
        let body = start + headerLength
        guard bytes.count - body >= count * width else {
            throw corrupt("\(bytes.count - body) data bytes for shape \(shape) of \(descr) (need \(count * width))")
        }
        var raw = [UInt64](repeating: 0, count: count)
        for k in 0..<count {
            var v: UInt64 = 0
            for j in 0..<width {
                let b = UInt64(bytes[body + k * width + (bigEndian ? width - 1 - j : j)])
                v |= b << (8 * UInt64(j))
            }
            raw[k] = v
        }
        if fortran && shape.count > 1 { raw = fortranToC(raw, shape: shape) }
        if width == 4 { return .float32(shape: shape, values: raw.map { Float(bitPattern: UInt32($0)) }) }
        return .float64(shape: shape, values: raw.map { Double(bitPattern: $0) })
    }

    /// Reorders column-major values of `shape` into row-major order.
    static func fortranToC<T>(_ values: [T], shape: [Int]) -> [T] {
        var out = values
        let n = shape.count
        var index = [Int](repeating: 0, count: n)
        for c in 0..<values.count {
            // c is the row-major position of `index`; its column-major position:
            var f = 0, stride = 1
            for d in 0..<n {
                f += index[d] * stride
                stride *= shape[d]
            }
            out[c] = values[f]
            var d = n - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    private static func field(_ header: String, _ key: String) -> String? {
        guard let r = header.range(of: "'\(key)':") else { return nil }
        var rest = header[r.upperBound...].drop(while: { $0 == " " })
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        if rest.first == "'" {
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "'") else { return nil }
            return String(rest[..<close])
        }
        let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
        return rest[..<end].trimmingCharacters(in: .whitespaces)
    }

    /// Reads a `.npy` file.
    public static func read(path: String) throws -> NPYArray {
        try decode(try SafeTensors.readFile(path), path: path)
    }

    /// Writes a float32 tensor as `.npy`, atomically.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try SafeTensors.writeAtomically(try encode(shape: tensor.shape, float32: tensor.values), to: path)
    }

    /// Writes float64 values as `.npy`, atomically.
    public static func write(shape: [Int], float64 values: [Double], to path: String) throws {
        try SafeTensors.writeAtomically(try encode(shape: shape, float64: values), to: path)
    }
}
