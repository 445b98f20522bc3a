import Foundation

/// One named tensor in a safetensors file.
public struct NamedTensor: Sendable, Equatable {
    /// Tensor name.
    public var name: String
    /// Shape.
    public var shape: [Int]
    /// Values (row-major).
    public var values: [Float]

    /// A named tensor.
    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// Reads and writes the safetensors format: an 8-byte little-endian header size, a JSON header (tensor names,
/// dtypes, shapes, byte ranges and a `__metadata__` map of strings), then the raw little-endian data.
///
/// Only F32 tensors are written; F32 and F64 (converted) are read.
public enum SafeTensors {
    /// Serialises tensors (in the given order) and string metadata.
    public static func encode(_ tensors: [NamedTensor], metadata: [String: String]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for t in tensors {
            guard t.shape.reduce(1, *) == t.values.count else {
                throw NeuralNetError.shapeMismatch(expected: "\(t.name) with shape \(t.shape)",
                                                   got: "\(t.values.count) values")
            }
            let bytes = t.values.count * 4
            header[t.name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        var size = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &size) { out.append(contentsOf: $0) }
        out.append(json)
        for t in tensors { out.append(contentsOf: dataBytes(t.values)) }
        return out
    }

    /// The raw little-endian bytes of float32 values.
    static func dataBytes(_ values: [Float]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        for (k, v) in values.enumerated() {
            let bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { b in for j in 0..<4 { bytes[k * 4 + j] = b[j] } }
        }
        return bytes
    }

    /// Parses a safetensors file's bytes; `path` only names the file in errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws
        -> (tensors: [NamedTensor], metadata: [String: String])
    {
        func corrupt(_ m: String) -> NeuralNetError { .corruptFile(path: path, message: m) }
        guard data.count >= 8 else { throw corrupt("\(data.count) bytes, shorter than the 8-byte header size") }
        let size = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard size <= UInt64(data.count - 8) else {
            throw corrupt("header of \(size) bytes does not fit in the \(data.count)-byte file (truncated?)")
        }
        let headerData = data.subdata(in: 8..<(8 + Int(size)))
        guard let object = try? JSONSerialization.jsonObject(with: headerData), let header = object as? [String: Any]
        else { throw corrupt("the header is not a JSON object") }
        let base = 8 + Int(size)
        let dataCount = data.count - base
        var metadata: [String: String] = [:]
        var entries: [(String, [Int], String, Int, Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw corrupt("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw corrupt("tensor '\(name)' lacks dtype, shape or data_offsets") }
            let width = dtype == "F32" ? 4 : dtype == "F64" ? 8 : 0
            guard width > 0 else { throw corrupt("tensor '\(name)' has dtype \(dtype); only F32 and F64 are read") }
            guard offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] <= dataCount else {
                throw corrupt("tensor '\(name)' bytes \(offsets) lie outside the \(dataCount) data bytes (truncated?)")
            }
            guard offsets[1] - offsets[0] == shape.reduce(1, *) * width else {
                throw corrupt("tensor '\(name)' has \(offsets[1] - offsets[0]) bytes for shape \(shape) \(dtype)")
            }
            entries.append((name, shape, dtype, offsets[0], offsets[1]))
        }
        entries.sort { $0.3 < $1.3 }
        let tensors: [NamedTensor] = data.withUnsafeBytes { raw in
            entries.map { (name, shape, dtype, start, end) in
                let p = raw.baseAddress! + base + start
                let n = shape.reduce(1, *)
                var values = [Float](repeating: 0, count: n)
                if dtype == "F32" {
                    for k in 0..<n {
                        values[k] = Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)))
                    }
                } else {
                    for k in 0..<n {
                        values[k] = Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))))
                    }
                }
                _ = end
                return NamedTensor(name: name, shape: shape, values: values)
            }
        }
        return (tensors, metadata)
    }

    /// The data section of a file (everything after the header), for checksums.
    static func dataSection(_ data: Data) -> Data {
        guard data.count >= 8 else { return Data() }
        let size = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard size <= UInt64(data.count - 8) else { return Data() }
        return data.subdata(in: (8 + Int(size))..<data.count)
    }

    /// Reads a file.
    public static func read(path: String) throws -> (tensors: [NamedTensor], metadata: [String: String]) {
        try decode(try readFile(path), path: path)
    }

    static func readFile(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else {
            throw NeuralNetError.io(path: path, message: "no such file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw NeuralNetError.io(path: path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Writes `data` to `path` atomically: a temporary file in the same folder, flushed, then renamed over `path`.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: dir) else {
            throw NeuralNetError.io(path: path, message: "folder \(dir) does not exist")
        }
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: tmp, contents: nil) else {
            throw NeuralNetError.io(path: path, message: "cannot create temporary file \(tmp)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw NeuralNetError.io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        if rename(tmp, path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: tmp)
            throw NeuralNetError.io(path: path, message: "cannot rename the temporary file: \(String(cString: strerror(code)))")
        }
    }
}
