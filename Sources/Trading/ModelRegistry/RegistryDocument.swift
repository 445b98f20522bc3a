import Foundation

/// `models/<symbol>/registry.json`: every version of one symbol, which one is deployed, and the history of
/// promotions and rollbacks. Replaced atomically on every change; the file is the single source of truth for
/// "what is deployed" (the model files themselves never change once stored).
struct RegistryDocument: Codable, Equatable {
    static let formatName = "lunar.model-registry"
    static let currentVersion = 1

    struct Entry: Codable, Equatable {
        var version: String
        var file: String
        var createdAt: Date
        var status: ModelVersion.Status
        var format: String
        var metrics: [String: Double]
        var note: String?

        enum CodingKeys: String, CodingKey {
            case version, file, status, format, metrics, note
            case createdAt = "created_at"
        }
    }

    var format = formatName
    var formatVersion = currentVersion
    var symbol: String
    var deployed: String?
    var versions: [Entry] = []
    var history: [RegistryEvent] = []

    enum CodingKeys: String, CodingKey {
        case format, symbol, deployed, versions, history
        case formatVersion = "format_version"
    }

    init(symbol: String) { self.symbol = symbol }

    func index(of version: String) -> Int? { versions.firstIndex { $0.version == version } }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                 nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                   nan: "nan")
        return d
    }

    /// Reads the document at `url`; nil when the file does not exist.
    static func read(_ url: URL, symbol: String) throws -> RegistryDocument? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelRegistryError.corruptRegistry(path: url.path, message: error.localizedDescription)
        }
        let doc: RegistryDocument
        do { doc = try decoder().decode(RegistryDocument.self, from: data) } catch {
            throw ModelRegistryError.corruptRegistry(path: url.path, message: "does not decode: \(error)")
        }
        guard doc.format == formatName, doc.formatVersion <= currentVersion else {
            throw ModelRegistryError.corruptRegistry(
                path: url.path, message: "format \(doc.format) v\(doc.formatVersion) is not \(formatName) v\(currentVersion)")
        }
        guard doc.symbol == symbol else {
            throw ModelRegistryError.corruptRegistry(path: url.path, message: "holds symbol \(doc.symbol), expected \(symbol)")
        }
        return doc
    }

    func encoded() throws -> Data { try Self.encoder().encode(self) }
}
