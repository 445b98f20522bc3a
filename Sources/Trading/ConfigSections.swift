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

/// `[models]`: the versioned model registry and the promotion policy of `lunar retrain`.
public struct ModelsConfig: Sendable, Equatable {
    /// `models.registry`: the registry directory (default `models`), resolved against the config's directory.
    public var registry: URL
    /// `models.promote_margin`: how much better a candidate must score to replace the deployed model (default 0).
    public var promoteMargin: Double
    /// `models.promote_metric`: the out-of-sample metric compared (default `sharpe`; higher is better).
    public var promoteMetric: String
    /// `models.min_trades`: sanity bound, fewest out-of-sample trades a candidate needs (default 5).
    public var minTrades: Int
    /// `models.max_drawdown_pct`: sanity bound, deepest out-of-sample drawdown allowed, in percent (default 30).
    public var maxDrawdownPct: Double
    /// `models.min_auc`: sanity bound, lowest out-of-sample ROC AUC allowed (default 0.5).
    public var minAUC: Double

    /// The metrics `promote_metric` may name: all of them are "higher is better".
    public static let promotableMetrics = [
        "sharpe", "sortino", "calmar", "return_pct", "cagr_pct", "sqn", "profit_factor", "expectancy_pct", "auc",
    ]

    /// Creates a models section.
    public init(registry: URL, promoteMargin: Double = 0, promoteMetric: String = "sharpe", minTrades: Int = 5,
                maxDrawdownPct: Double = 30, minAUC: Double = 0.5) {
        self.registry = registry
        self.promoteMargin = promoteMargin
        self.promoteMetric = promoteMetric
        self.minTrades = minTrades
        self.maxDrawdownPct = maxDrawdownPct
        self.minAUC = minAUC
    }
}

/// The kind of candidate `lunar retrain` trains.
public enum RetrainModelKind: String, Sendable, CaseIterable {
    case lstm
    case ensemble
}

/// `[retrain]`: how `lunar retrain` trains a candidate and evaluates it against the deployed model.
public struct RetrainConfig: Sendable, Equatable {
    /// `retrain.model`: `lstm` (one model, default) or `ensemble`.
    public var model: RetrainModelKind
    /// `retrain.ensemble_size`: members of an ensemble (default 3).
    public var ensembleSize: Int
    /// `retrain.epochs`: training epochs (default 20).
    public var epochs: Int
    /// `retrain.patience`: early-stopping patience in epochs (default 5).
    public var patience: Int
    /// `retrain.units`: LSTM layer sizes (default [64, 32]).
    public var units: [Int]
    /// `retrain.dense`: dense layer sizes (default [32, 16]).
    public var dense: [Int]
    /// `retrain.sequence`: window length in bars (default 60).
    public var sequence: Int
    /// `retrain.horizon`: label horizon in bars (default 5).
    public var horizon: Int
    /// `retrain.test_bars`: the most recent bars held out for the out-of-sample comparison (default 250).
    public var testBars: Int
    /// `retrain.train_bars`: at most this many bars before the test window train the candidate (0 = all; default 0).
    public var trainBars: Int
    /// `retrain.threshold`: long when p > 0.5 + threshold/2 in the evaluation backtest (default 0.04).
    public var threshold: Double
    /// `retrain.seed`: training seed (default 7).
    public var seed: Int

    /// Creates a retrain section with the defaults.
    public init(model: RetrainModelKind = .lstm, ensembleSize: Int = 3, epochs: Int = 20, patience: Int = 5,
                units: [Int] = [64, 32], dense: [Int] = [32, 16], sequence: Int = 60, horizon: Int = 5,
                testBars: Int = 250, trainBars: Int = 0, threshold: Double = 0.04, seed: Int = 7) {
        self.model = model
        self.ensembleSize = ensembleSize
        self.epochs = epochs
        self.patience = patience
        self.units = units
        self.dense = dense
        self.sequence = sequence
        self.horizon = horizon
        self.testBars = testBars
        self.trainBars = trainBars
        self.threshold = threshold
        self.seed = seed
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
