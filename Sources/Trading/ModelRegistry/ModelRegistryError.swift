import Foundation

/// Why a registry operation was refused. Nothing was changed when one of these is thrown.
public enum ModelRegistryError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The symbol cannot name a folder (empty, `/`, `..`, spaces, …).
    case invalidSymbol(String)
    /// The candidate or stored file does not load (corrupt, truncated, wrong format); the message says why.
    case invalidModel(path: String, message: String)
    /// No such version of the symbol.
    case unknownVersion(symbol: String, version: String)
    /// A rollback without a target found no version deployed before the current one.
    case noPreviousVersion(symbol: String)
    /// Nothing is deployed for the symbol.
    case nothingDeployed(symbol: String)
    /// Another process holds the symbol's lock for longer than the timeout.
    case locked(path: String, seconds: Double)
    /// `registry.json` cannot be read or decoded.
    case corruptRegistry(path: String, message: String)
    /// A file system operation failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .invalidSymbol(let s):
            return "invalid symbol \"\(s)\": use letters, digits, '.', '-' or '_' (it names a folder of the registry)"
        case .invalidModel(let path, let message):
            return "refused model file \(path): \(message)"
        case .unknownVersion(let symbol, let version):
            return "\(symbol) has no version \(version) in the registry (see `lunar models list \(symbol)`)"
        case .noPreviousVersion(let symbol):
            return "\(symbol): no version was deployed before the current one; name one with --to VERSION"
        case .nothingDeployed(let symbol):
            return "\(symbol): no model is deployed (run `lunar retrain --symbols \(symbol)`)"
        case .locked(let path, let seconds):
            return "\(path) is locked by another process (waited \(seconds) s); is another retrain running?"
        case .corruptRegistry(let path, let message):
            return "cannot read the registry \(path): \(message)"
        case .io(let path, let message):
            return "\(path): \(message)"
        }
    }

    public var errorDescription: String? { description }
}
