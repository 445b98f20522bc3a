import Foundation

extension Journal {
    /// The printable report of one trading day for `lunar journal [--day D]`: orders with their final status,
    /// executions with commissions, realized PnL per symbol, the last PnL snapshot, risk events and model versions.
    ///
    /// - Parameter day: `YYYY-MM-DD`; `nil` means the trading day of `now`.
    public func daySummary(day: String? = nil, now: Date = Date()) throws -> String {
        let day = day ?? tradingDay(of: now, in: timeZone)
        let orders = try orders(day: day)
        let fills = try fills(day: day)
        let time = DateFormatter()
        time.dateFormat = "HH:mm:ss"
        time.timeZone = timeZone
        time.locale = Locale(identifier: "en_US_POSIX")

        return try withDatabase { db in
            var lines = ["Lunar journal — \(day) (\(timeZone.identifier))", ""]

            var byStatus: [String: Int] = [:]
            for order in orders { byStatus[order.status.rawValue, default: 0] += 1 }
            let counts = byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            lines.append("Orders: \(orders.count)" + (counts.isEmpty ? "" : " (\(counts))"))
            for order in orders {
                let i = order.intent
                var price = ""
                if let limit = i.limitPrice { price += " @ \(formatPrice(limit))" }
                if let stop = i.stopPrice { price += " stop \(formatPrice(stop))" }
                var filled = ""
                if order.filledQuantity > 0, let average = order.averageFillPrice {
                    filled = " \(formatQuantity(order.filledQuantity)) @ \(formatPrice(average))"
                }
                lines.append("  \(time.string(from: i.time))  \(i.side.rawValue.uppercased()) "
                    + "\(formatQuantity(i.quantity)) \(i.symbol) \(i.type.rawValue)\(price)  "
                    + "\(order.status.rawValue)\(filled)  [\(i.clientOrderID)"
                    + (order.brokerOrderID.map { " #\($0)" } ?? "") + "]")
                let rejections = try db.query("""
                    SELECT code, message FROM order_events
                    WHERE client_order_id = ? AND status = 'rejected' ORDER BY id
                    """, [.text(i.clientOrderID)])
                for row in rejections {
                    lines.append("      broker rejected" + (row["code"]?.int.map { " (code \($0))" } ?? "")
                        + ": \(row["message"]?.string ?? "")")
                }
            }

            lines.append("")
            lines.append("Fills: \(fills.count)")
            var realizedBySymbol: [String: Double] = [:]
            var commissions = 0.0
            let realizedRows = try db.query("""
                SELECT symbol, SUM(realized_pnl) AS realized FROM fills WHERE trading_day = ? GROUP BY symbol
                """, [.text(day)])
            for row in realizedRows {
                if let symbol = row["symbol"]?.string { realizedBySymbol[symbol] = row["realized"]?.double ?? 0 }
            }
            for fill in fills {
                commissions += fill.commission
                lines.append("  \(time.string(from: fill.time))  \(fill.side.rawValue.uppercased()) "
                    + "\(formatQuantity(fill.quantity)) \(fill.symbol) @ \(formatPrice(fill.price))  commission "
                    + "\(formatPrice(fill.commission))  [\(fill.clientOrderID) exec \(fill.executionID)]")
            }

            let gross = realizedBySymbol.values.reduce(0, +)
            lines.append("")
            lines.append("PnL")
            for (symbol, value) in realizedBySymbol.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(symbol): realized \(formatPrice(value))")
            }
            lines.append("  realized \(formatPrice(gross)) - commissions \(formatPrice(commissions)) = net "
                + "\(formatPrice(gross - commissions))")
            if let last = try db.query("""
                SELECT at, realized, unrealized, equity FROM pnl WHERE trading_day = ? ORDER BY id DESC LIMIT 1
                """, [.text(day)]).first {
                let at = Date(timeIntervalSince1970: last["at"]?.double ?? 0)
                let realized = last["realized"]?.double ?? 0
                let unrealized = last["unrealized"]?.double ?? 0
                lines.append("  last snapshot \(time.string(from: at)): realized \(formatPrice(realized)), "
                    + "unrealized \(formatPrice(unrealized)), day \(formatPrice(realized + unrealized))"
                    + (last["equity"]?.double.map { ", equity \(formatPrice($0))" } ?? ""))
            }

            let events = try db.query("""
                SELECT at, kind, message FROM risk_events WHERE trading_day = ? ORDER BY id
                """, [.text(day)])
            lines.append("")
            lines.append("Risk events: \(events.count)")
            for row in events {
                let at = Date(timeIntervalSince1970: row["at"]?.double ?? 0)
                lines.append("  \(time.string(from: at))  \(row["kind"]?.string ?? "")  "
                    + (row["message"]?.string ?? ""))
            }

            let models = try db.query("""
                SELECT at, symbol, version, action FROM model_versions WHERE trading_day = ? ORDER BY id
                """, [.text(day)])
            if !models.isEmpty {
                lines.append("")
                lines.append("Models: \(models.count)")
                for row in models {
                    let at = Date(timeIntervalSince1970: row["at"]?.double ?? 0)
                    lines.append("  \(time.string(from: at))  \(row["symbol"]?.string ?? "") "
                        + "\(row["version"]?.string ?? "") \(row["action"]?.string ?? "")")
                }
            }

            let positions = try db.query("SELECT symbol, quantity, average_cost FROM positions WHERE quantity != 0 "
                + "ORDER BY symbol")
            lines.append("")
            lines.append("Positions now: " + (positions.isEmpty ? "flat" : positions.map {
                "\($0["symbol"]?.string ?? "") \(formatQuantity($0["quantity"]?.double ?? 0)) @ "
                    + "\(formatPrice($0["average_cost"]?.double ?? 0))"
            }.joined(separator: ", ")))
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
