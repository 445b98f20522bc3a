extension IndicatorSpec {
    typealias P = Parameter

    static func period(_ d: Int, min: Int = 2, _ summary: String = "Number of bars in the window") -> P {
        P(name: "timeperiod", summary: summary, kind: .integer, defaultValue: Double(d),
          range: Double(min)...100_000)
    }

    static func int(_ name: String, _ d: Int, min: Int, _ summary: String) -> P {
        P(name: name, summary: summary, kind: .integer, defaultValue: Double(d), range: Double(min)...100_000)
    }

    static func real(_ name: String, _ d: Double, _ range: ClosedRange<Double>, _ summary: String) -> P {
        P(name: name, summary: summary, kind: .real, defaultValue: d, range: range)
    }

    static func maType(_ name: String) -> P {
        P(name: name, summary: "Moving average type: 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 6 KAMA", kind: .maType,
          defaultValue: 0, range: 0...8)
    }

    static let dev = -3e37...3e37

    /// A single-input, single-output indicator with one period.
    static func single(
        _ name: String, _ group: String, _ summary: String, _ d: Int, min: Int,
        lookback: @escaping @Sendable (Int) -> Int,
        _ f: @escaping @Sendable ([Double], Int) throws(IndicatorError) -> [Double]
    ) -> IndicatorSpec {
        IndicatorSpec(
            name: name, group: group, summary: summary, inputs: [.real], parameters: [period(d, min: min)],
            outputs: ["real"], lookbackFn: { lookback(Int($0[0])) },
            computeFn: { (x, p) throws(IndicatorError) in [try f(x[0], Int(p[0]))] })
    }

    /// A high/low/close, single-output indicator with one period.
    static func hlc(
        _ name: String, _ group: String, _ summary: String, _ d: Int, min: Int,
        lookback: @escaping @Sendable (Int) -> Int,
        _ f: @escaping @Sendable ([Double], [Double], [Double], Int) throws(IndicatorError) -> [Double]
    ) -> IndicatorSpec {
        IndicatorSpec(
            name: name, group: group, summary: summary, inputs: [.high, .low, .close],
            parameters: [period(d, min: min)], outputs: ["real"], lookbackFn: { lookback(Int($0[0])) },
            computeFn: { (x, p) throws(IndicatorError) in [try f(x[0], x[1], x[2], Int(p[0]))] })
    }

    static func ma(_ v: Double) -> MAType { MAType(rawValue: Int(v)) ?? .sma }

    static let overlap = "Overlap Studies"
    static let momentum = "Momentum Indicators"
    static let volatility = "Volatility Indicators"
    static let statistic = "Statistic Functions"
    static let math = "Math Operators"
    static let volumeGroup = "Volume Indicators"

    static var catalog: [IndicatorSpec] {
        [
            single("SMA", overlap, "Simple moving average", 30, min: 1, lookback: { SMA.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.sma(x, timePeriod: n)
            },
            single("EMA", overlap, "Exponential moving average", 30, min: 1,
                   lookback: { EMA.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.ema(x, timePeriod: n)
            },
            single("WMA", overlap, "Weighted moving average", 30, min: 1, lookback: { WMA.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.wma(x, timePeriod: n)
            },
            single("DEMA", overlap, "Double exponential moving average", 30, min: 1,
                   lookback: { DEMA.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.dema(x, timePeriod: n)
            },
            single("TEMA", overlap, "Triple exponential moving average", 30, min: 1,
                   lookback: { TEMA.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.tema(x, timePeriod: n)
            },
            single("KAMA", overlap, "Kaufman adaptive moving average", 30, min: 1,
                   lookback: { KAMA.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.kama(x, timePeriod: n)
            },
            single("RSI", momentum, "Relative strength index", 14, min: 2, lookback: { RSI.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.rsi(x, timePeriod: n)
            },
            IndicatorSpec(
                name: "MACD", group: momentum, summary: "Moving average convergence/divergence", inputs: [.real],
                parameters: [
                    int("fastperiod", 12, min: 2, "Fast EMA period"), int("slowperiod", 26, min: 2, "Slow EMA period"),
                    int("signalperiod", 9, min: 1, "Signal EMA period"),
                ],
                outputs: ["macd", "macdsignal", "macdhist"],
                lookbackFn: { MACD.lookback(fastPeriod: Int($0[0]), slowPeriod: Int($0[1]), signalPeriod: Int($0[2])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    try TA.macd(x[0], fastPeriod: Int(p[0]), slowPeriod: Int(p[1]), signalPeriod: Int(p[2]))
                }),
            IndicatorSpec(
                name: "BBANDS", group: overlap, summary: "Bollinger bands", inputs: [.real],
                parameters: [
                    period(5), real("nbdevup", 2, dev, "Deviation multiplier for the upper band"),
                    real("nbdevdn", 2, dev, "Deviation multiplier for the lower band"), maType("matype"),
                ],
                outputs: ["upperband", "middleband", "lowerband"],
                lookbackFn: { BBANDS.lookback(timePeriod: Int($0[0]), maType: ma($0[3])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    try TA.bbands(x[0], timePeriod: Int(p[0]), nbDevUp: p[1], nbDevDn: p[2], maType: Int(p[3]))
                }),
            IndicatorSpec(
                name: "STDDEV", group: statistic, summary: "Population standard deviation", inputs: [.real],
                parameters: [period(5), real("nbdev", 1, dev, "Multiplier")], outputs: ["real"],
                lookbackFn: { STDDEV.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.stddev(x[0], timePeriod: Int(p[0]), nbDev: p[1])]
                }),
            IndicatorSpec(
                name: "VAR", group: statistic, summary: "Population variance", inputs: [.real],
                parameters: [period(5, min: 1), real("nbdev", 1, dev, "Accepted and unused, as in TA-Lib")],
                outputs: ["real"], lookbackFn: { VAR.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.variance(x[0], timePeriod: Int(p[0]), nbDev: p[1])]
                }),
            hlc("ATR", volatility, "Average true range", 14, min: 1, lookback: { ATR.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.atr(high: h, low: l, close: c, timePeriod: n)
            },
            hlc("NATR", volatility, "Normalized average true range", 14, min: 1,
                lookback: { NATR.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.natr(high: h, low: l, close: c, timePeriod: n)
            },
            IndicatorSpec(
                name: "TRANGE", group: volatility, summary: "True range", inputs: [.high, .low, .close],
                parameters: [], outputs: ["real"], lookbackFn: { _ in TRANGE.lookback() },
                computeFn: { (x, _) throws(IndicatorError) in [try TA.trange(high: x[0], low: x[1], close: x[2])] }),
            IndicatorSpec(
                name: "STOCH", group: momentum, summary: "Slow stochastic oscillator", inputs: [.high, .low, .close],
                parameters: [
                    int("fastk_period", 5, min: 1, "Raw %K window"),
                    int("slowk_period", 3, min: 1, "Slow %K smoothing"),
                    maType("slowk_matype"), int("slowd_period", 3, min: 1, "Slow %D smoothing"), maType("slowd_matype"),
                ],
                outputs: ["slowk", "slowd"],
                lookbackFn: {
                    STOCH.lookback(fastKPeriod: Int($0[0]), slowKPeriod: Int($0[1]), slowKMAType: ma($0[2]),
                                   slowDPeriod: Int($0[3]), slowDMAType: ma($0[4]))
                },
                computeFn: { (x, p) throws(IndicatorError) in
                    try TA.stoch(high: x[0], low: x[1], close: x[2], fastKPeriod: Int(p[0]), slowKPeriod: Int(p[1]),
                                 slowKMAType: Int(p[2]), slowDPeriod: Int(p[3]), slowDMAType: Int(p[4]))
                }),
            IndicatorSpec(
                name: "STOCHF", group: momentum, summary: "Fast stochastic oscillator", inputs: [.high, .low, .close],
                parameters: [
                    int("fastk_period", 5, min: 1, "Raw %K window"), int("fastd_period", 3, min: 1, "%D smoothing"),
                    maType("fastd_matype"),
                ],
                outputs: ["fastk", "fastd"],
                lookbackFn: {
                    STOCHF.lookback(fastKPeriod: Int($0[0]), fastDPeriod: Int($0[1]), fastDMAType: ma($0[2]))
                },
                computeFn: { (x, p) throws(IndicatorError) in
                    try TA.stochf(high: x[0], low: x[1], close: x[2], fastKPeriod: Int(p[0]), fastDPeriod: Int(p[1]),
                                  fastDMAType: Int(p[2]))
                }),
            IndicatorSpec(
                name: "STOCHRSI", group: momentum, summary: "Stochastic RSI", inputs: [.real],
                parameters: [
                    period(14), int("fastk_period", 5, min: 1, "%K window over the RSI"),
                    int("fastd_period", 3, min: 1, "%D smoothing"), maType("fastd_matype"),
                ],
                outputs: ["fastk", "fastd"],
                lookbackFn: {
                    STOCHRSI.lookback(timePeriod: Int($0[0]), fastKPeriod: Int($0[1]), fastDPeriod: Int($0[2]),
                                      fastDMAType: ma($0[3]))
                },
                computeFn: { (x, p) throws(IndicatorError) in
                    try TA.stochrsi(x[0], timePeriod: Int(p[0]), fastKPeriod: Int(p[1]), fastDPeriod: Int(p[2]),
                                    fastDMAType: Int(p[3]))
                }),
            hlc("ADX", momentum, "Average directional movement index", 14, min: 2,
                lookback: { ADX.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.adx(high: h, low: l, close: c, timePeriod: n)
            },
            hlc("ADXR", momentum, "Average directional movement index rating", 14, min: 2,
                lookback: { ADXR.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.adxr(high: h, low: l, close: c, timePeriod: n)
            },
            hlc("DX", momentum, "Directional movement index", 14, min: 2, lookback: { DX.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.dx(high: h, low: l, close: c, timePeriod: n)
            },
            hlc("PLUS_DI", momentum, "Plus directional indicator", 14, min: 1,
                lookback: { PlusDI.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.plusDI(high: h, low: l, close: c, timePeriod: n)
            },
            hlc("MINUS_DI", momentum, "Minus directional indicator", 14, min: 1,
                lookback: { MinusDI.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.minusDI(high: h, low: l, close: c, timePeriod: n)
            },
            IndicatorSpec(
                name: "PLUS_DM", group: momentum, summary: "Plus directional movement", inputs: [.high, .low],
                parameters: [period(14, min: 1)], outputs: ["real"],
                lookbackFn: { PlusDM.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.plusDM(high: x[0], low: x[1], timePeriod: Int(p[0]))]
                }),
            IndicatorSpec(
                name: "MINUS_DM", group: momentum, summary: "Minus directional movement", inputs: [.high, .low],
                parameters: [period(14, min: 1)], outputs: ["real"],
                lookbackFn: { MinusDM.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.minusDM(high: x[0], low: x[1], timePeriod: Int(p[0]))]
                }),
            hlc("CCI", momentum, "Commodity channel index", 14, min: 2, lookback: { CCI.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.cci(high: h, low: l, close: c, timePeriod: n)
            },
            hlc("WILLR", momentum, "Williams' %R", 14, min: 2, lookback: { WILLR.lookback(timePeriod: $0) }) {
                (h, l, c, n) throws(IndicatorError) in try TA.willr(high: h, low: l, close: c, timePeriod: n)
            },
            IndicatorSpec(
                name: "MFI", group: momentum, summary: "Money flow index", inputs: [.high, .low, .close, .volume],
                parameters: [period(14)], outputs: ["real"], lookbackFn: { MFI.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.mfi(high: x[0], low: x[1], close: x[2], volume: x[3], timePeriod: Int(p[0]))]
                }),
            IndicatorSpec(
                name: "OBV", group: volumeGroup, summary: "On-balance volume", inputs: [.close, .volume],
                parameters: [], outputs: ["real"], lookbackFn: { _ in OBV.lookback() },
                computeFn: { (x, _) throws(IndicatorError) in [try TA.obv(close: x[0], volume: x[1])] }),
            single("ROC", momentum, "Rate of change: (x/prev - 1)*100", 10, min: 1,
                   lookback: { ROC.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.roc(x, timePeriod: n)
            },
            single("ROCP", momentum, "Rate of change percentage: (x-prev)/prev", 10, min: 1,
                   lookback: { ROCP.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.rocp(x, timePeriod: n)
            },
            single("ROCR", momentum, "Rate of change ratio: x/prev", 10, min: 1,
                   lookback: { ROCR.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.rocr(x, timePeriod: n)
            },
            single("ROCR100", momentum, "Rate of change ratio, 100 scale: x/prev*100", 10, min: 1,
                   lookback: { ROCR100.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.rocr100(x, timePeriod: n)
            },
            single("MOM", momentum, "Momentum: x - prev", 10, min: 1, lookback: { MOM.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.mom(x, timePeriod: n)
            },
            IndicatorSpec(
                name: "AROON", group: momentum, summary: "Aroon", inputs: [.high, .low], parameters: [period(14)],
                outputs: ["aroondown", "aroonup"], lookbackFn: { AROON.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    try TA.aroon(high: x[0], low: x[1], timePeriod: Int(p[0]))
                }),
            IndicatorSpec(
                name: "AROONOSC", group: momentum, summary: "Aroon oscillator", inputs: [.high, .low],
                parameters: [period(14)], outputs: ["real"], lookbackFn: { AROONOSC.lookback(timePeriod: Int($0[0])) },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.aroonosc(high: x[0], low: x[1], timePeriod: Int(p[0]))]
                }),
            IndicatorSpec(
                name: "SAR", group: overlap, summary: "Parabolic SAR", inputs: [.high, .low],
                parameters: [
                    real("acceleration", 0.02, SAR.factorRange, "Acceleration factor step"),
                    real("maximum", 0.2, SAR.factorRange, "Acceleration factor maximum"),
                ],
                outputs: ["real"], lookbackFn: { _ in 1 },
                computeFn: { (x, p) throws(IndicatorError) in
                    [try TA.sar(high: x[0], low: x[1], acceleration: p[0], maximum: p[1])]
                }),
            single("MAX", math, "Highest value over a period", 30, min: 2, lookback: { MAX.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.max(x, timePeriod: n)
            },
            single("MIN", math, "Lowest value over a period", 30, min: 2, lookback: { MIN.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.min(x, timePeriod: n)
            },
            single("SUM", math, "Summation over a period", 30, min: 2, lookback: { SUM.lookback(timePeriod: $0) }) {
                (x, n) throws(IndicatorError) in try TA.sum(x, timePeriod: n)
            },
        ]
    }
}
