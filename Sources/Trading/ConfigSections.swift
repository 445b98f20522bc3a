import Foundation

/// `[connection]`: where the TWS, IB Gateway or `lunar sim` listens.
public struct ConnectionConfig: Sendable, Equatable {
    /// Host name or address (`connection.host`, default `127.0.0.1`).
    public var host: String
    /// TCP port (`connection.port`, default 7497, TWS paper).
    public var port: Int
    /// The API client id (`connection.client_id`, default 1).
    public var clientID: Int

    /// TWS and IB Gateway ports that trade real money: 7496 (TWS live) and 4001 (Gateway live).
    public static let livePorts: Set<Int> = [7496, 4001]

    /// Creates a connection section.
    public init(host: String = "127.0.0.1", port: Int = 7497, clientID: Int = 1) {
        self.host = host
        self.port = port
        self.clientID = clientID
    }

    /// Whether `port` is one of the well-known live-trading ports.
    public var isLivePort: Bool { Self.livePorts.contains(port) }
}

/// `[live]`: the explicit opt-in to real-money trading.
public struct LiveConfig: Sendable, Equatable {
    /// `live.enabled`, default false: without it Lunar refuses `--mode live` and live ports.
    public var enabled: Bool

    /// Creates a live section.
    public init(enabled: Bool = false) { self.enabled = enabled }
}

/// `[symbols]`: the universe a strategy trades and the daily retrain covers.
public struct SymbolsConfig: Sendable, Equatable {
    /// `symbols.universe`: the tradable symbols (empty: any symbol may be traded).
    public var universe: [String]
    /// `symbols.exchange`, default `SMART`.
    public var exchange: String
    /// `symbols.currency`, default `USD`.
    public var currency: String

    /// Creates a symbols section.
    public init(universe: [String] = [], exchange: String = "SMART", currency: String = "USD") {
        self.universe = universe
        self.exchange = exchange
        self.currency = currency
    }
}

/// `[models]`: the versioned model registry.
public struct ModelsConfig: Sendable, Equatable {
    /// `models.registry`: the registry directory (default `models`), resolved against the config's directory.
    public var registry: URL
    /// `models.promote_margin`: how much better a candidate must score to replace the deployed model (default 0).
    public var promoteMargin: Double

    /// Creates a models section.
    public init(registry: URL, promoteMargin: Double = 0) {
        self.registry = registry
        self.promoteMargin = promoteMargin
    }
}

/// Where market data comes from.
public enum DataSource: String, Sendable, CaseIterable {
    case csv
    case yahoo
    case tws
}

/// `[data]`: market data for training and backtests.
public struct DataConfig: Sendable, Equatable {
    /// `data.source`: `csv`, `yahoo` or `tws` (default `csv`).
    public var source: DataSource
    /// `data.dir`: where CSV files and caches live (default `data`), resolved against the config's directory.
    public var directory: URL
    /// `data.bar_size`: e.g. `1 day`, `5 mins` (default `1 day`).
    public var barSize: String
    /// `data.history_days`: how much history to refresh (default 365).
    public var historyDays: Int

    /// Creates a data section.
    public init(source: DataSource = .csv, directory: URL, barSize: String = "1 day", historyDays: Int = 365) {
        self.source = source
        self.directory = directory
        self.barSize = barSize
        self.historyDays = historyDays
    }
}
