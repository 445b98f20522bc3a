/// The trading decisions a backtest follows, one value per bar, known at that bar's close.
///
/// A decision at bar t may use data up to and including bar t; the engine acts on it at bar t+1's open (or at
/// bar t's close with `FillTiming.close`), so it never needs bar t+1 to decide.
public enum Signals: Sendable {
    /// Boolean entries and exits. With `Direction.longShort` and no short series, `exits` also opens a short
    /// (vectorbt's `direction="both"`); with short series given, each series does only what its name says.
    case entriesExits(entries: [Bool], exits: [Bool], shortEntries: [Bool]? = nil, shortExits: [Bool]? = nil)
    /// A target position per bar: its sign is the side (0 = flat), its magnitude scales the size the sizing
    /// rule gives; NaN keeps the current position. The position changes only when the target changes side or
    /// from/to flat (a change of magnitude on the same side does not resize an open trade).
    case targetPosition([Double])
    /// Model probabilities that the price goes up, traded with a confidence threshold t in [0, 1): long when
    /// `p > 0.5 + t/2`, short when `p < 0.5 − t/2` (flat if `allowShort` is false), otherwise `neutral`. NaN keeps
    /// the position.
    case probabilities([Double], threshold: Double, allowShort: Bool = false, neutral: NeutralZone = .flat)

    /// What a probability inside the no-confidence band means.
    public enum NeutralZone: String, Sendable, CaseIterable {
        /// Go flat: close an open position.
        case flat
        /// Keep whatever position is open.
        case hold
    }

    /// The number of values per bar series (the engine checks it equals the number of bars).
    public var count: Int {
        switch self {
        case let .entriesExits(entries, _, _, _): return entries.count
        case let .targetPosition(target): return target.count
        case let .probabilities(p, _, _, _): return p.count
        }
    }

    /// Maps probabilities to target positions with the confidence-threshold rule (NaN = keep the position).
    public static func targets(
        probabilities: [Double], threshold: Double, allowShort: Bool, neutral: NeutralZone
    ) -> [Double] {
        let upper = 0.5 + threshold / 2, lower = 0.5 - threshold / 2
        return probabilities.map { p in
            if p.isNaN { return .nan }
            if p > upper { return 1 }
            if p < lower { return allowShort ? -1 : 0 }
            return neutral == .flat ? 0 : .nan
        }
    }
}

/// Per-bar action flags the engine reads in its loop (internal representation of every `Signals` case).
struct SignalFlags {
    static let enterLong: UInt8 = 1
    static let exitLong: UInt8 = 2
    static let enterShort: UInt8 = 4
    static let exitShort: UInt8 = 8

    /// One flag byte per bar.
    var flags: [UInt8]
    /// Size multiplier per bar (target magnitude), nil when always 1.
    var sizeScale: [Double]?
    /// Probability of an up move per bar (for Kelly sizing), nil when the signals carry none.
    var probability: [Double]?
    /// First bar whose signal is defined (NaN targets before it are warm-up).
    var firstDefinedBar: Int

    /// Compiles `signals` for `direction`, checking lengths against `barCount`.
    init(_ signals: Signals, direction: Direction, barCount: Int) throws {
        func check(_ name: String, _ count: Int) throws {
            if count != barCount { throw BacktestError.lengthMismatch(name: name, count: count, expected: barCount) }
        }
        switch signals {
        case let .entriesExits(entries, exits, shortEntries, shortExits):
            try check("entries", entries.count)
            try check("exits", exits.count)
            if let shortEntries { try check("short_entries", shortEntries.count) }
            if let shortExits { try check("short_exits", shortExits.count) }
            if direction == .longOnly, shortEntries != nil || shortExits != nil {
                throw BacktestError.invalidParameter(
                    name: "short_entries", value: "given", reason: "direction is long-only; use direction=\"both\"")
            }
            var flags = [UInt8](repeating: 0, count: barCount)
            let hasShortSeries = shortEntries != nil || shortExits != nil
            for i in 0..<barCount {
                var f: UInt8 = 0
                switch direction {
                case .longOnly:
                    if entries[i] { f |= Self.enterLong }
                    if exits[i] { f |= Self.exitLong }
                case .shortOnly:
                    if entries[i] { f |= Self.enterShort }
                    if exits[i] { f |= Self.exitShort }
                case .longShort:
                    if entries[i] { f |= Self.enterLong }
                    if hasShortSeries {
                        if exits[i] { f |= Self.exitLong }
                        if shortEntries?[i] == true { f |= Self.enterShort }
                        if shortExits?[i] == true { f |= Self.exitShort }
                    } else if exits[i] {
                        f |= Self.enterShort
                    }
                }
                flags[i] = f
            }
            self.init(flags: flags, sizeScale: nil, probability: nil, firstDefinedBar: 0)
        case let .targetPosition(target):
            try check("target", target.count)
            self = try Self.fromTargets(target, probability: nil, direction: direction)
        case let .probabilities(p, threshold, allowShort, neutral):
            try check("probabilities", p.count)
            guard threshold >= 0, threshold < 1 else {
                throw BacktestError.invalidParameter(
                    name: "threshold", value: "\(threshold)", reason: "the confidence threshold must be in [0, 1)")
            }
            let targets = Signals.targets(
                probabilities: p, threshold: threshold, allowShort: allowShort && direction != .longOnly,
                neutral: neutral)
            self = try Self.fromTargets(targets, probability: p, direction: direction)
        }
    }

    /// Edge-triggered flags from target positions: an action only where the target's side changes.
    init(flags: [UInt8], sizeScale: [Double]?, probability: [Double]?, firstDefinedBar: Int) {
        self.flags = flags
        self.sizeScale = sizeScale
        self.probability = probability
        self.firstDefinedBar = firstDefinedBar
    }

    private static func fromTargets(_ targets: [Double], probability: [Double]?, direction: Direction) throws
        -> SignalFlags
    {
        let n = targets.count
        var flags = [UInt8](repeating: 0, count: n)
        var scale = [Double](repeating: 1, count: n)
        var previousSide = 0
        var first = n
        for i in 0..<n {
            let t = targets[i]
            if t.isNaN { continue }
            if t.isInfinite {
                throw BacktestError.invalidParameter(name: "target", value: "\(t)", reason: "targets must be finite")
            }
            if first == n { first = i }
            var side = t > 0 ? 1 : (t < 0 ? -1 : 0)
            if direction == .longOnly, side < 0 { side = 0 }
            if direction == .shortOnly, side > 0 { side = 0 }
            scale[i] = abs(t)
            if side != previousSide {
                switch side {
                case 1: flags[i] = Self.enterLong | Self.exitShort
                case -1: flags[i] = Self.enterShort | Self.exitLong
                default: flags[i] = Self.exitLong | Self.exitShort
                }
                previousSide = side
            }
        }
        return SignalFlags(
            flags: flags, sizeScale: scale, probability: probability, firstDefinedBar: first == n ? 0 : first)
    }
}
