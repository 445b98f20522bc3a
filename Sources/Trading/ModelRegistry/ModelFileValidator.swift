import Foundation
import NeuralNet

/// Checks that a model file loads before the registry accepts or deploys it.
///
/// The default, ``lunarModel``, loads the file with NeuralNet exactly as the live runner will: structure, byte
/// ranges (truncation), the CRC-32 checksum and every tensor's shape. It returns the file's format. Tests inject
/// their own validators to exercise the registry without real models.
public struct ModelFileValidator: Sendable {
    /// Throws when the file at the URL is not a loadable model; returns its format name.
    public let validate: @Sendable (URL) throws -> String

    /// Creates a validator from a closure.
    public init(_ validate: @escaping @Sendable (URL) throws -> String) { self.validate = validate }

    /// Single models (`lunar.lstm`) and ensembles (`lunar.lstm-ensemble`), loaded in full.
    public static let lunarModel = ModelFileValidator { url in
        let format: String
        do {
            format = try SafeTensors.read(path: url.path).metadata["format"] ?? ""
            switch format {
            case "lunar.lstm-ensemble": _ = try LSTMEnsemble.load(from: url.path)
            default: _ = try LSTMModel.load(from: url.path)
            }
        } catch let error as NeuralNetError {
            throw ModelRegistryError.invalidModel(path: url.path, message: error.description)
        } catch {
            throw ModelRegistryError.invalidModel(path: url.path, message: "\(error)")
        }
        return format
    }
}
