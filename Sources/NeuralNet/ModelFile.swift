import Foundation

/// The model-file layout shared by single models and ensembles: safetensors with `__metadata__` keys
/// `format` ("lunar.lstm" or "lunar.lstm-ensemble"), `lunar` (the metadata JSON) and `checksum`
/// ("crc32:<hex>" of the metadata JSON bytes followed by the data section).
enum ModelFile {
    static let singleFormat = "lunar.lstm"
    static let ensembleFormat = "lunar.lstm-ensemble"

    static func checksum(json: String, data: Data) -> String {
        var crc = CRC32()
        crc.update(Array(json.utf8))
        data.withUnsafeBytes { crc.update($0) }
        return "crc32:" + crc.hex
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(value), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String, path: String) throws -> T {
        let dec = JSONDecoder()
        dec.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try dec.decode(type, from: Data(text.utf8))
        } catch {
            throw NeuralNetError.corruptFile(path: path, message: "metadata does not decode: \(error)")
        }
    }

    /// Writes tensors and metadata JSON with its checksum, atomically.
    static func write(path: String, format: String, json: String, tensors: [NamedTensor]) throws {
        // the checksum covers the data section, which does not depend on the header
        var dataSection = Data()
        for t in tensors { dataSection.append(contentsOf: SafeTensors.dataBytes(t.values)) }
        let meta = ["format": format, "lunar": json, "checksum": checksum(json: json, data: dataSection)]
        try SafeTensors.writeAtomically(try SafeTensors.encode(tensors, metadata: meta), to: path)
    }

    /// Reads and verifies a file; returns the tensors by name and the metadata JSON.
    static func read(path: String, format: String) throws -> (tensors: [String: NamedTensor], json: String) {
        let data = try SafeTensors.readFile(path)
        let (tensors, meta) = try SafeTensors.decode(data, path: path)
        guard let found = meta["format"], let json = meta["lunar"], let sum = meta["checksum"] else {
            throw NeuralNetError.corruptFile(
                path: path, message: "not a Lunar model file (no format/lunar/checksum metadata); convert Keras "
                    + "models with scripts/keras_to_safetensors.py")
        }
        guard found == format else {
            throw NeuralNetError.corruptFile(path: path, message: "file holds a '\(found)', expected '\(format)'")
        }
        let actual = checksum(json: json, data: SafeTensors.dataSection(data))
        guard actual == sum else {
            throw NeuralNetError.corruptFile(path: path, message: "checksum mismatch (file says \(sum), data gives \(actual))")
        }
        return (Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }), json)
    }

    /// Network weights as named tensors, names prefixed by `prefix`.
    static func tensors(of network: LSTMNetwork, prefix: String = "") -> [NamedTensor] {
        network.tensors.map { spec in
            NamedTensor(name: prefix + spec.name, shape: spec.shape,
                        values: Array(UnsafeBufferPointer(start: network.weights.pointer + spec.offset, count: spec.count)))
        }
    }

    /// A network for `config` with weights taken from `tensors` (every tensor must be present with its shape).
    static func network(config: ModelConfig, tensors: [String: NamedTensor], prefix: String = "", path: String) throws
        -> LSTMNetwork
    {
        let net = try LSTMNetwork(config: config, seed: 0)
        for spec in net.tensors {
            guard let t = tensors[prefix + spec.name] else {
                throw NeuralNetError.corruptFile(path: path, message: "tensor '\(prefix + spec.name)' is missing")
            }
            guard t.shape == spec.shape else {
                throw NeuralNetError.shapeMismatch(expected: "\(prefix + spec.name) of shape \(spec.shape)",
                                                   got: "shape \(t.shape) in \(path)")
            }
            (net.weights.pointer + spec.offset).update(from: t.values, count: spec.count)
        }
        return net
    }
}

extension LSTMModel {
    /// Saves weights and metadata to one safetensors file, atomically (temporary file + rename).
    public func save(to path: String) throws {
        let json = try ModelFile.encodeJSON(metadata)
        try ModelFile.write(path: path, format: ModelFile.singleFormat, json: json,
                            tensors: ModelFile.tensors(of: network))
    }

    /// Loads a model saved by ``save(to:)`` or converted from Keras; verifies the checksum and every tensor's
    /// shape before anything is returned. With `featureNames`, refuses a model trained on another feature set.
    public static func load(from path: String, featureNames: [String]? = nil) throws -> LSTMModel {
        let (tensors, json) = try ModelFile.read(path: path, format: ModelFile.singleFormat)
        let metadata = try ModelFile.decodeJSON(ModelMetadata.self, json, path: path)
        try metadata.architecture.validate()
        if let featureNames, featureNames != metadata.featureNames {
            throw NeuralNetError.featureMismatch(expected: metadata.featureNames, got: featureNames)
        }
        guard metadata.featureNames.count == metadata.architecture.featureCount else {
            throw NeuralNetError.corruptFile(
                path: path, message: "\(metadata.featureNames.count) feature names for input width "
                    + "\(metadata.architecture.featureCount)")
        }
        let net = try ModelFile.network(config: metadata.architecture, tensors: tensors, path: path)
        return LSTMModel(network: net, metadata: metadata)
    }
}
