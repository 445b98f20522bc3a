import Foundation

/// One model file in the registry: `models/<symbol>/<version>.safetensors` and what the registry knows about it.
public struct ModelVersion: Sendable, Equatable {
    /// Where a version stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Registered (verified and stored) but never deployed.
        case candidate
        /// The version the live runner loads.
        case deployed
        /// Was deployed, then replaced by a promotion or a rollback.
        case retired
        /// Refused by the promotion policy; kept for the record.
        case rejected
    }

    /// The symbol the model trades.
    public var symbol: String
    /// `yyyyMMdd-HHmmss` in UTC: unique per symbol and sortable as text.
    public var version: String
    /// The model file.
    public var url: URL
    /// Out-of-sample metrics recorded at registration (sharpe, return_pct, max_drawdown_pct, trades, auc, …).
    public var metrics: [String: Double]
    /// When the version was registered.
    public var createdAt: Date
    /// Where the version stands.
    public var status: Status
    /// The model file's format: `lunar.lstm` or `lunar.lstm-ensemble`.
    public var format: String
    /// Why the version was rejected, promoted or rolled back to (the latest such reason).
    public var note: String?

    /// Creates a version record.
    public init(symbol: String, version: String, url: URL, metrics: [String: Double], createdAt: Date,
                status: Status, format: String, note: String? = nil) {
        self.symbol = symbol
        self.version = version
        self.url = url
        self.metrics = metrics
        self.createdAt = createdAt
        self.status = status
        self.format = format
        self.note = note
    }
}

/// One promotion or rollback in a symbol's registry history.
public struct RegistryEvent: Sendable, Equatable, Codable {
    /// `promoted` or `rolled_back`.
    public var action: String
    /// The version deployed by this event.
    public var version: String
    /// The version deployed before it (nil for the first deployment).
    public var previous: String?
    /// When it happened.
    public var at: Date
    /// Why (the policy's decision, or the operator's rollback).
    public var reason: String?

    /// Creates an event.
    public init(action: String, version: String, previous: String?, at: Date, reason: String?) {
        self.action = action
        self.version = version
        self.previous = previous
        self.at = at
        self.reason = reason
    }
}
