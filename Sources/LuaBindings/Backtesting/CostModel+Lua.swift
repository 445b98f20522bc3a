import Backtesting
import Foundation
import LuaRuntime

/// `lunar.CostModel` and its constructors.
enum CostBinding {
    nonisolated(unsafe) static let cls: LuaClass<Shared<CostModel>> = {
        var cls = LuaClass<Shared<CostModel>>("lunar.CostModel", summary: "Trading costs charged on each fill.")
        cls.describe = { describe($0.value) }
        cls.hasCloseMethod = false
        return cls
    }()

    /// Cost models accepted by name in `costs=`.
    static let named: [String: CostModel] = ["ibkr_fixed": .ibkrFixed, "ibkr_tiered": .ibkrTiered, "zero": .zero]

    static func push(_ model: CostModel, _ call: LuaCall) -> Int32 {
        call.push(Shared(model), as: cls)
        return 1
    }

    static var constructors: [LuaFunctionSpec] { [
        LuaFunctionSpec("ibkr_fixed", "ibkr_fixed()",
                        "IBKR Pro fixed: $0.005/share, min $1.00, max 1% of value; SEC fee and FINRA TAF on sells (default).") {
            call in push(.ibkrFixed, call)
        },
        LuaFunctionSpec("ibkr_tiered", "ibkr_tiered()",
                        "IBKR Pro tiered: monthly-volume table, min $0.35, max 1%, clearing fee; SEC fee and FINRA TAF on sells.") {
            call in push(.ibkrTiered, call)
        },
        LuaFunctionSpec("percent", "percent(rate)", "A commission of rate × traded value per fill and no other cost.") {
            call in push(.percent(try call.number(1)), call)
        },
        LuaFunctionSpec(
            "costs", "costs{base='ibkr_fixed', commission=, spread_bps=, quotes=false, slippage_bps=, slippage_atr=, atr_period=14, sec_fee=, taf=, taf_max=}",
            "A cost model: a base (ibkr_fixed, ibkr_tiered, zero) with parts replaced or added.",
            details: """
                commission = fraction of value (replaces the base's commission)
                spread_bps = half-spread in basis points; quotes=true takes half of ask − bid from the bars' bid/ask columns
                slippage_bps = basis points; slippage_atr = fraction of the ATR(atr_period) known at the decision
                sec_fee = SEC rate per dollar of sales (default 20.60e-6); taf = FINRA TAF per share sold; taf_max = its cap
                """
        ) { call in
            let o = try call.options(1, function: "costs")
            let baseName = try o.string("base", default: "ibkr_fixed")
            guard var model = named[baseName] else {
                throw LuaArgumentError(index: 1, message: "field 'base': one of \(named.keys.sorted().joined(separator: ", ")) expected, got '\(baseName)'")
            }
            if let c = try o.numberIfPresent("commission") { model.commission = .percent(c) }
            let quotes = try o.boolean("quotes", default: false)
            if let bps = try o.numberIfPresent("spread_bps") {
                model.halfSpread = quotes ? .fromQuotes(fallbackBps: bps) : .bps(bps)
            } else if quotes {
                model.halfSpread = .fromQuotes(fallbackBps: 0)
            }
            let period = try o.integer("atr_period", default: 14)
            if let bps = try o.numberIfPresent("slippage_bps") { model.slippage = .bps(bps) }
            if let f = try o.numberIfPresent("slippage_atr") { model.slippage = .atrFraction(f, period: period) }
            if let r = try o.numberIfPresent("sec_fee") { model.secFeeRate = r }
            if let r = try o.numberIfPresent("taf") { model.finraTAFPerShare = r }
            if let r = try o.numberIfPresent("taf_max") { model.finraTAFMaxPerOrder = r }
            try o.finish()
            return push(model, call)
        },
    ] }

    static func describe(_ m: CostModel) -> String {
        var parts: [String] = []
        switch m.commission {
        case .none: parts.append("no commission")
        case .percent(let r): parts.append(String(format: "commission %.4g%% of value", r * 100))
        case .perShare(let p):
            parts.append(String(format: "$%.4g/share (min $%.2f, max %.4g%%)", p.ratePerShare, p.minimumPerOrder, p.maximumFractionOfValue * 100))
        case .tiered: parts.append("IBKR tiered commission")
        }
        if m.secFeeRate > 0 { parts.append(String(format: "SEC fee %.4g/$M on sells", m.secFeeRate * 1e6)) }
        if m.finraTAFPerShare > 0 { parts.append(String(format: "FINRA TAF $%.6g/share (max $%.2f)", m.finraTAFPerShare, m.finraTAFMaxPerOrder)) }
        switch m.halfSpread {
        case .none: break
        case .bps(let b): parts.append(String(format: "half-spread %.3g bps", b))
        case .fromQuotes(let b): parts.append(String(format: "half-spread from quotes (fallback %.3g bps)", b))
        }
        switch m.slippage {
        case .none: break
        case .bps(let b): parts.append(String(format: "slippage %.3g bps", b))
        case .atrFraction(let f, let p): parts.append(String(format: "slippage %.3g × ATR(%d)", f, p))
        }
        return "CostModel: " + parts.joined(separator: ", ")
    }
}

/// `lunar.Sizing` and its constructors.
enum SizingBinding {
    nonisolated(unsafe) static let cls: LuaClass<Shared<Sizing>> = {
        var cls = LuaClass<Shared<Sizing>>("lunar.Sizing", summary: "How many shares an entry trades.")
        cls.describe = { object in
            switch object.value {
            case .allCash: return "Sizing: all cash (whole shares)"
            case .fixedShares(let n): return "Sizing: \(n) shares"
            case .fixedFraction(let f): return String(format: "Sizing: %.4g of equity", f)
            case .kelly(let k):
                return String(format: "Sizing: Kelly × %.3g (payoff %.4g, cap %.3g%@)", k.fraction, k.payoffRatio, k.cap,
                              k.winProbability.map { String(format: ", p = %.3g", $0) } ?? "")
            case .volatilityTarget(let v):
                return String(format: "Sizing: volatility target %.3g (lookback %d, max %.3g of equity)", v.annualVolatility,
                              v.lookback, v.maxFraction)
            }
        }
        cls.hasCloseMethod = false
        return cls
    }()

    static func push(_ sizing: Sizing, _ call: LuaCall) -> Int32 {
        call.push(Shared(sizing), as: cls)
        return 1
    }

    static var constructors: [LuaFunctionSpec] { [
        LuaFunctionSpec("kelly", "kelly{payoff=, fraction=0.5, cap=0.25, win_probability=}",
                        "Fractional Kelly: f = p − (1 − p)/payoff, traded at fraction × f, at most cap.",
                        details: "p is the predicted probability (probabilities= signals) or win_probability=. Estimate payoff on the training window only.") {
            call in
            let o = try call.options(1, function: "kelly")
            let k = KellySizing(payoffRatio: try o.number("payoff", default: .nan), fraction: try o.number("fraction", default: 0.5),
                                cap: try o.number("cap", default: 0.25), winProbability: try o.numberIfPresent("win_probability"))
            try o.finish()
            guard !k.payoffRatio.isNaN else { throw LuaArgumentError(index: 1, message: "field 'payoff': number expected, got nil") }
            return push(.kelly(k), call)
        },
        LuaFunctionSpec("vol_target", "vol_target{volatility=0.15, lookback=20, max_fraction=1}",
                        "Volatility targeting: fraction of equity = target / realized annualized volatility, capped.") {
            call in
            let o = try call.options(1, function: "vol_target")
            let v = VolatilityTargetSizing(annualVolatility: try o.number("volatility", default: 0.15),
                                           lookback: try o.integer("lookback", default: 20),
                                           maxFraction: try o.number("max_fraction", default: 1))
            try o.finish()
            return push(.volatilityTarget(v), call)
        },
        LuaFunctionSpec("payoff_ratio", "payoff_ratio(returns)",
                        "Payoff ratio for Kelly: mean win / |mean loss| of returns (a Series, e.g. training-window horizon returns, or a result's trades).") {
            call in
            let returns: [Double]
            if let result = call.state.object(at: 1, of: ResultBinding.cls) {
                returns = result.result.trades.map(\.returnPct)
            } else {
                returns = try SeriesBinding.series(call, 1).values
            }
            guard let b = KellySizing.estimatePayoffRatio(returns: returns) else {
                throw LuaScriptError("payoff_ratio needs both winning and losing returns")
            }
            call.push(b)
            return 1
        },
        LuaFunctionSpec("fixed_shares", "fixed_shares(n)", "Always n shares.") { call in
            push(.fixedShares(try call.number(1)), call)
        },
        LuaFunctionSpec("fraction", "fraction(f)", "A fixed fraction f of equity.") { call in
            push(.fixedFraction(try call.number(1)), call)
        },
    ] }
}
