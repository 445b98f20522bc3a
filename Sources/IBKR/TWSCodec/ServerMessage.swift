import Foundation

/// The `error` message (§6.1) as it appears on the wire.
public struct TWSErrorMessage: Sendable, Hashable {
    /// −1 for system notices, otherwise the request or order id.
    public var id: Int
    /// IB's message code.
    public var code: Int
    /// Message text (`\uXXXX` escapes decoded).
    public var message: String
    /// Advanced order reject JSON (usually empty).
    public var advancedOrderRejectJson: String

    /// Creates an error message.
    public init(id: Int, code: Int, message: String, advancedOrderRejectJson: String = "") {
        self.id = id
        self.code = code
        self.message = message
        self.advancedOrderRejectJson = advancedOrderRejectJson
    }
}

/// Every server → client message of the spec (§15), decoded.
public enum ServerMessage: Sendable, Hashable {
    /// 1 tickPrice.
    case tickPrice(TickPrice)
    /// 2 tickSize.
    case tickSize(TickSize)
    /// 3 orderStatus.
    case orderStatus(OrderStatus)
    /// 4 error.
    case error(TWSErrorMessage)
    /// 5 openOrder.
    case openOrder(OpenOrder)
    /// 6 updateAccountValue.
    case updateAccountValue(AccountValue)
    /// 7 updatePortfolio.
    case updatePortfolio(PortfolioItem)
    /// 8 updateAccountTime (`HH:mm`).
    case updateAccountTime(String)
    /// 9 nextValidId.
    case nextValidId(Int)
    /// 10 contractDetails.
    case contractDetails(reqId: Int, ContractDetails)
    /// 11 execDetails (reqId −1 for live fills).
    case execDetails(reqId: Int, Contract, Execution)
    /// 12 updateMktDepth / 13 updateMktDepthL2 (see `DepthUpdate.isL2`).
    case depth(DepthUpdate)
    /// 15 managedAccounts.
    case managedAccounts([String])
    /// 17 historicalData.
    case historicalData(reqId: Int, start: String, end: String, bars: [HistoricalBar])
    /// 45 tickGeneric.
    case tickGeneric(reqId: Int, tickType: Int, value: Double)
    /// 46 tickString.
    case tickString(reqId: Int, tickType: Int, value: String)
    /// 49 currentTime (epoch seconds).
    case currentTime(Int)
    /// 50 realtimeBar.
    case realtimeBar(reqId: Int, RealTimeBar)
    /// 52 contractDetailsEnd.
    case contractDetailsEnd(reqId: Int)
    /// 53 openOrderEnd.
    case openOrderEnd
    /// 54 accountDownloadEnd.
    case accountDownloadEnd(account: String)
    /// 55 execDetailsEnd.
    case execDetailsEnd(reqId: Int)
    /// 57 tickSnapshotEnd.
    case tickSnapshotEnd(reqId: Int)
    /// 58 marketDataType.
    case marketDataType(reqId: Int, type: Int)
    /// 59 commissionReport.
    case commissionReport(CommissionReport)
    /// 61 position.
    case position(Position)
    /// 62 positionEnd.
    case positionEnd
    /// 63 accountSummary.
    case accountSummary(reqId: Int, AccountValue)
    /// 64 accountSummaryEnd.
    case accountSummaryEnd(reqId: Int)
    /// 73 accountUpdateMulti.
    case accountUpdateMulti(reqId: Int, AccountValue)
    /// 74 accountUpdateMultiEnd.
    case accountUpdateMultiEnd(reqId: Int)
    /// 80 mktDepthExchanges.
    case mktDepthExchanges([DepthExchange])
    /// 81 tickReqParams.
    case tickReqParams(reqId: Int, minTick: Double, bboExchange: String, snapshotPermissions: Int)
    /// 90 historicalDataUpdate.
    case historicalDataUpdate(reqId: Int, HistoricalBar)
    /// 102 completedOrdersEnd.
    case completedOrdersEnd
    /// Any id this implementation does not decode (e.g. 14, 21, 101); the frame was skipped.
    case unknown(id: Int)

    /// The wire message id.
    public var messageId: Int {
        switch self {
        case .tickPrice: return InMsg.tickPrice
        case .tickSize: return InMsg.tickSize
        case .orderStatus: return InMsg.orderStatus
        case .error: return InMsg.error
        case .openOrder: return InMsg.openOrder
        case .updateAccountValue: return InMsg.updateAccountValue
        case .updatePortfolio: return InMsg.updatePortfolio
        case .updateAccountTime: return InMsg.updateAccountTime
        case .nextValidId: return InMsg.nextValidId
        case .contractDetails: return InMsg.contractDetails
        case .execDetails: return InMsg.execDetails
        case .depth(let d): return d.isL2 ? InMsg.updateMktDepthL2 : InMsg.updateMktDepth
        case .managedAccounts: return InMsg.managedAccounts
        case .historicalData: return InMsg.historicalData
        case .tickGeneric: return InMsg.tickGeneric
        case .tickString: return InMsg.tickString
        case .currentTime: return InMsg.currentTime
        case .realtimeBar: return InMsg.realtimeBar
        case .contractDetailsEnd: return InMsg.contractDetailsEnd
        case .openOrderEnd: return InMsg.openOrderEnd
        case .accountDownloadEnd: return InMsg.accountDownloadEnd
        case .execDetailsEnd: return InMsg.execDetailsEnd
        case .tickSnapshotEnd: return InMsg.tickSnapshotEnd
        case .marketDataType: return InMsg.marketDataType
        case .commissionReport: return InMsg.commissionReport
        case .position: return InMsg.position
        case .positionEnd: return InMsg.positionEnd
        case .accountSummary: return InMsg.accountSummary
        case .accountSummaryEnd: return InMsg.accountSummaryEnd
        case .accountUpdateMulti: return InMsg.accountUpdateMulti
        case .accountUpdateMultiEnd: return InMsg.accountUpdateMultiEnd
        case .mktDepthExchanges: return InMsg.mktDepthExchanges
        case .tickReqParams: return InMsg.tickReqParams
        case .historicalDataUpdate: return InMsg.historicalDataUpdate
        case .completedOrdersEnd: return InMsg.completedOrdersEnd
        case .unknown(let id): return id
        }
    }

    // MARK: Encoding (simulator side)

    /// The payload (fields without the length prefix), with the per-message versions of the spec.
    public func encodePayload() -> [UInt8] {
        var w = TWSFieldWriter()
        encode(&w)
        return w.payload
    }

    /// The whole frame (length prefix + payload).
    public func encodeFrame() -> [UInt8] { TWSFraming.frame(encodePayload()) }

    /// Writes the fields of this message.
    public func encode(_ w: inout TWSFieldWriter) {
        w.add(messageId)
        switch self {
        case .tickPrice(let t):
            w.add(6); w.add(t.reqId); w.add(t.tickType); w.add(t.price); w.add(t.size); w.add(t.attrMask)
        case .tickSize(let t):
            w.add(6); w.add(t.reqId); w.add(t.tickType); w.add(t.size)
        case .orderStatus(let s):
            w.add(s.orderId); w.add(s.status); w.add(s.filled); w.add(s.remaining); w.add(s.avgFillPrice)
            w.add(s.permId); w.add(s.parentId); w.add(s.lastFillPrice); w.add(s.clientId); w.add(s.whyHeld)
            w.add(s.mktCapPrice)
        case .error(let e):
            w.add(2); w.add(e.id); w.add(e.code); w.add(e.message); w.add(e.advancedOrderRejectJson)
        case .openOrder(let oo):
            OrderCoding.encodeOpenOrder(oo, &w)
        case .updateAccountValue(let v):
            w.add(2); w.add(v.key); w.add(v.value); w.add(v.currency); w.add(v.account)
        case .updatePortfolio(let p):
            w.add(8)
            p.contract.encodeServerBlock(&w, primaryInsteadOfExchange: true)
            w.add(p.position); w.add(p.marketPrice); w.add(p.marketValue); w.add(p.averageCost)
            w.add(p.unrealizedPNL); w.add(p.realizedPNL); w.add(p.account)
        case .updateAccountTime(let t):
            w.add(1); w.add(t)
        case .nextValidId(let id):
            w.add(1); w.add(id)
        case .contractDetails(let reqId, let d):
            w.add(reqId)
            let c = d.contract
            w.add(c.symbol); w.add(c.secType); w.add(c.lastTradeDateOrContractMonth); w.add(c.strike)
            w.add(c.right); w.add(c.exchange); w.add(c.currency); w.add(c.localSymbol); w.add(d.marketName)
            w.add(c.tradingClass); w.add(c.conId); w.add(d.minTick); w.add(c.multiplier); w.add(d.orderTypes)
            w.add(d.validExchanges); w.add(d.priceMagnifier); w.add(d.underConId); w.add(d.longName)
            w.add(c.primaryExchange); w.add(d.contractMonth); w.add(d.industry); w.add(d.category)
            w.add(d.subcategory); w.add(d.timeZoneId); w.add(d.tradingHours); w.add(d.liquidHours); w.add(d.evRule)
            w.add(d.evMultiplier); w.add(d.secIdList.count)
            for tv in d.secIdList { w.add(tv.tag); w.add(tv.value) }
            w.add(d.aggGroup); w.add(d.underSymbol); w.add(d.underSecType); w.add(d.marketRuleIds)
            w.add(d.realExpirationDate); w.add(d.stockType); w.add(d.minSize); w.add(d.sizeIncrement)
            w.add(d.suggestedSizeIncrement)
        case .execDetails(let reqId, let c, let e):
            w.add(reqId); w.add(e.orderId)
            c.encodeServerBlock(&w)
            w.add(e.execId); w.add(e.time); w.add(e.account); w.add(e.exchange); w.add(e.side); w.add(e.shares)
            w.add(e.price); w.add(e.permId); w.add(e.clientId); w.add(e.liquidation); w.add(e.cumQty)
            w.add(e.avgPrice); w.add(e.orderRef); w.add(e.evRule); w.add(e.evMultiplier); w.add(e.modelCode)
            w.add(e.lastLiquidity); w.add(e.pendingPriceRevision)
        case .depth(let d):
            w.add(1); w.add(d.reqId); w.add(d.position)
            if d.isL2 { w.add(d.marketMaker) }
            w.add(d.operation.rawValue); w.add(d.side.rawValue); w.add(d.price); w.add(d.size)
            if d.isL2 { w.add(d.isSmartDepth) }
        case .managedAccounts(let list):
            w.add(1); w.add(list.joined(separator: ","))
        case .historicalData(let reqId, let start, let end, let bars):
            w.add(reqId); w.add(start); w.add(end); w.add(bars.count)
            for b in bars {
                w.add(b.date); w.add(b.open); w.add(b.high); w.add(b.low); w.add(b.close); w.add(b.volume)
                w.add(b.wap); w.add(b.barCount)
            }
        case .tickGeneric(let reqId, let tickType, let value):
            w.add(6); w.add(reqId); w.add(tickType); w.add(value)
        case .tickString(let reqId, let tickType, let value):
            w.add(6); w.add(reqId); w.add(tickType); w.add(value)
        case .currentTime(let t):
            w.add(1); w.add(t)
        case .realtimeBar(let reqId, let b):
            w.add(3); w.add(reqId); w.add(b.time); w.add(b.open); w.add(b.high); w.add(b.low); w.add(b.close)
            w.add(b.volume); w.add(b.wap); w.add(b.count)
        case .contractDetailsEnd(let reqId), .execDetailsEnd(let reqId), .tickSnapshotEnd(let reqId),
            .accountSummaryEnd(let reqId), .accountUpdateMultiEnd(let reqId):
            w.add(1); w.add(reqId)
        case .openOrderEnd, .positionEnd:
            w.add(1)
        case .accountDownloadEnd(let account):
            w.add(1); w.add(account)
        case .marketDataType(let reqId, let type):
            w.add(1); w.add(reqId); w.add(type)
        case .commissionReport(let c):
            w.add(1); w.add(c.execId); w.add(c.commission); w.add(c.currency)
            w.add(c.realizedPNL ?? OrderCoding.unsetDouble); w.add(c.yield ?? OrderCoding.unsetDouble)
            w.add(c.yieldRedemptionDate)
        case .position(let p):
            w.add(3); w.add(p.account)
            p.contract.encodeServerBlock(&w)
            w.add(p.quantity); w.add(p.avgCost)
        case .accountSummary(let reqId, let v):
            w.add(1); w.add(reqId); w.add(v.account); w.add(v.key); w.add(v.value); w.add(v.currency)
        case .accountUpdateMulti(let reqId, let v):
            w.add(1); w.add(reqId); w.add(v.account); w.add(v.modelCode); w.add(v.key); w.add(v.value)
            w.add(v.currency)
        case .mktDepthExchanges(let list):
            w.add(list.count)
            for e in list {
                w.add(e.exchange); w.add(e.secType); w.add(e.listingExchange); w.add(e.serviceDataType)
                w.add(e.aggGroup)
            }
        case .tickReqParams(let reqId, let minTick, let bbo, let perms):
            w.add(reqId); w.add(minTick); w.add(bbo); w.add(perms)
        case .historicalDataUpdate(let reqId, let b):
            w.add(reqId); w.add(b.barCount); w.add(b.date); w.add(b.open); w.add(b.close); w.add(b.high)
            w.add(b.low); w.add(b.wap); w.add(b.volume)
        case .completedOrdersEnd, .unknown:
            break
        }
    }

    // MARK: Decoding (client side)

    /// Decodes one frame payload. Unknown ids give `.unknown`; malformed content throws.
    public static func decode(_ payload: [UInt8]) throws(TWSDecodeError) -> ServerMessage {
        let result: Result<ServerMessage, TWSDecodeError> = payload.withUnsafeBytes { buf in
            do throws(TWSDecodeError) { return .success(try decode(buf)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes one frame payload from raw bytes.
    public static func decode(_ payload: UnsafeRawBufferPointer) throws(TWSDecodeError) -> ServerMessage {
        var r = TWSFieldReader(payload)
        guard payload.count > 0 else { throw TWSDecodeError(messageId: -1, fieldIndex: 0, reason: "empty frame") }
        guard let id = try r.readOptionalInt() else {
            throw TWSDecodeError(messageId: -1, fieldIndex: 0, reason: "empty message id")
        }
        r.messageId = id
        switch id {
        case InMsg.tickPrice:
            try r.skip()
            let reqId = try r.readInt(), type = try r.readInt(), price = try r.readDouble()
            let size = try r.readDecimal(), mask = try r.readInt()
            return .tickPrice(TickPrice(reqId: reqId, tickType: type, price: price, size: size, attrMask: mask))
        case InMsg.tickSize:
            try r.skip()
            let reqId = try r.readInt(), type = try r.readInt(), size = try r.readDecimal()
            return .tickSize(TickSize(reqId: reqId, tickType: type, size: size))
        case InMsg.orderStatus:
            let orderId = try r.readInt(), status = try r.readString(), filled = try r.readDecimal()
            let remaining = try r.readDecimal(), avg = try r.readDouble(), permId = try r.readInt()
            let parentId = try r.readInt(), last = try r.readDouble(), clientId = try r.readInt()
            let why = try r.readString()
            let cap = r.isAtEnd ? 0 : try r.readDouble()
            return .orderStatus(OrderStatus(orderId: orderId, status: status, filled: filled, remaining: remaining,
                                            avgFillPrice: avg, permId: permId, parentId: parentId,
                                            lastFillPrice: last, clientId: clientId, whyHeld: why, mktCapPrice: cap))
        case InMsg.error:
            let version = try r.readInt()
            if version < 2 {
                return .error(TWSErrorMessage(id: -1, code: 0, message: try r.readString()))
            }
            let eid = try r.readInt(), code = try r.readInt(), text = try r.readString()
            let json = r.isAtEnd ? "" : try r.readString()
            return .error(TWSErrorMessage(id: eid, code: code, message: text, advancedOrderRejectJson: json))
        case InMsg.openOrder:
            return .openOrder(try OrderCoding.decodeOpenOrder(&r))
        case InMsg.updateAccountValue:
            try r.skip()
            let key = try r.readString(), value = try r.readString(), cur = try r.readString()
            let account = try r.readString()
            return .updateAccountValue(AccountValue(account: account, key: key, value: value, currency: cur))
        case InMsg.updatePortfolio:
            try r.skip()
            let c = try Contract.decodeServerBlock(&r, primaryInsteadOfExchange: true)
            let pos = try r.readDecimal(), price = try r.readDouble(), value = try r.readDouble()
            let avg = try r.readDouble(), upnl = try r.readDouble(), rpnl = try r.readDouble()
            let account = try r.readString()
            return .updatePortfolio(PortfolioItem(contract: c, position: pos, marketPrice: price, marketValue: value,
                                                  averageCost: avg, unrealizedPNL: upnl, realizedPNL: rpnl,
                                                  account: account))
        case InMsg.updateAccountTime:
            try r.skip()
            return .updateAccountTime(try r.readString())
        case InMsg.nextValidId:
            try r.skip()
            return .nextValidId(try r.readInt())
        case InMsg.contractDetails:
            return try decodeContractDetails(&r)
        case InMsg.execDetails:
            let reqId = try r.readInt()
            var e = Execution()
            e.orderId = try r.readInt()
            let c = try Contract.decodeServerBlock(&r)
            e.execId = try r.readString()
            e.time = try r.readString()
            e.account = try r.readString()
            e.exchange = try r.readString()
            e.side = try r.readString()
            e.shares = try r.readDecimal()
            e.price = try r.readDouble()
            e.permId = try r.readInt()
            e.clientId = try r.readInt()
            e.liquidation = try r.readInt()
            e.cumQty = try r.readDecimal()
            e.avgPrice = try r.readDouble()
            e.orderRef = try r.readString()
            e.evRule = try r.readString()
            e.evMultiplier = try r.readOptionalDouble()
            e.modelCode = try r.readString()
            e.lastLiquidity = try r.readInt()
            e.pendingPriceRevision = r.isAtEnd ? false : try r.readBool()
            return .execDetails(reqId: reqId, c, e)
        case InMsg.updateMktDepth, InMsg.updateMktDepthL2:
            let l2 = id == InMsg.updateMktDepthL2
            try r.skip()
            let reqId = try r.readInt(), position = try r.readInt()
            let mm = l2 ? try r.readString() : ""
            let opRaw = try r.readInt(), sideRaw = try r.readInt()
            guard let op = DepthOperation(rawValue: opRaw) else { throw r.error("bad depth operation \(opRaw)") }
            guard let side = BookSide(rawValue: sideRaw) else { throw r.error("bad depth side \(sideRaw)") }
            let price = try r.readDouble(), size = try r.readDecimal()
            let smart = l2 && !r.isAtEnd ? try r.readBool() : false
            return .depth(DepthUpdate(reqId: reqId, position: position, marketMaker: mm, operation: op, side: side,
                                      price: price, size: size, isSmartDepth: smart, isL2: l2))
        case InMsg.managedAccounts:
            try r.skip()
            let list = try r.readString().split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            return .managedAccounts(list)
        case InMsg.historicalData:
            let reqId = try r.readInt(), start = try r.readString(), end = try r.readString()
            let n = try OrderCoding.checkedCount(try r.readInt(), perItem: 8, r)
            var bars: [HistoricalBar] = []
            bars.reserveCapacity(n)
            for _ in 0..<n {
                let date = try r.readString(), o = try r.readDouble(), h = try r.readDouble(), l = try r.readDouble()
                let c = try r.readDouble(), v = try r.readDecimal(), wap = try r.readDecimal()
                let count = try r.readInt()
                bars.append(HistoricalBar(date: date, open: o, high: h, low: l, close: c, volume: v, wap: wap,
                                          barCount: count))
            }
            return .historicalData(reqId: reqId, start: start, end: end, bars: bars)
        case InMsg.tickGeneric:
            try r.skip()
            return .tickGeneric(reqId: try r.readInt(), tickType: try r.readInt(), value: try r.readDouble())
        case InMsg.tickString:
            try r.skip()
            return .tickString(reqId: try r.readInt(), tickType: try r.readInt(), value: try r.readString())
        case InMsg.currentTime:
            try r.skip()
            return .currentTime(try r.readInt())
        case InMsg.realtimeBar:
            try r.skip()
            let reqId = try r.readInt(), time = try r.readInt(), o = try r.readDouble(), h = try r.readDouble()
            let l = try r.readDouble(), c = try r.readDouble(), v = try r.readDecimal(), wap = try r.readDecimal()
            let count = try r.readInt()
            return .realtimeBar(reqId: reqId, RealTimeBar(time: time, open: o, high: h, low: l, close: c, volume: v,
                                                          wap: wap, count: count))
        case InMsg.contractDetailsEnd:
            try r.skip()
            return .contractDetailsEnd(reqId: try r.readInt())
        case InMsg.openOrderEnd:
            return .openOrderEnd
        case InMsg.accountDownloadEnd:
            try r.skip()
            return .accountDownloadEnd(account: try r.readString())
        case InMsg.execDetailsEnd:
            try r.skip()
            return .execDetailsEnd(reqId: try r.readInt())
        case InMsg.tickSnapshotEnd:
            try r.skip()
            return .tickSnapshotEnd(reqId: try r.readInt())
        case InMsg.marketDataType:
            try r.skip()
            return .marketDataType(reqId: try r.readInt(), type: try r.readInt())
        case InMsg.commissionReport:
            try r.skip()
            let execId = try r.readString(), commission = try r.readDouble(), cur = try r.readString()
            let pnl = try r.readOptionalDouble(), yld = try r.readOptionalDouble()
            let date = r.isAtEnd ? 0 : try r.readInt()
            return .commissionReport(CommissionReport(execId: execId, commission: commission, currency: cur,
                                                      realizedPNL: pnl, yield: yld, yieldRedemptionDate: date))
        case InMsg.position:
            try r.skip()
            let account = try r.readString()
            let c = try Contract.decodeServerBlock(&r)
            let qty = try r.readDecimal(), avg = try r.readDouble()
            return .position(Position(account: account, contract: c, quantity: qty, avgCost: avg))
        case InMsg.positionEnd:
            return .positionEnd
        case InMsg.accountSummary:
            try r.skip()
            let reqId = try r.readInt(), account = try r.readString(), tag = try r.readString()
            let value = try r.readString(), cur = try r.readString()
            return .accountSummary(reqId: reqId, AccountValue(account: account, key: tag, value: value, currency: cur))
        case InMsg.accountSummaryEnd:
            try r.skip()
            return .accountSummaryEnd(reqId: try r.readInt())
        case InMsg.accountUpdateMulti:
            try r.skip()
            let reqId = try r.readInt(), account = try r.readString(), model = try r.readString()
            let key = try r.readString(), value = try r.readString(), cur = try r.readString()
            return .accountUpdateMulti(reqId: reqId, AccountValue(account: account, key: key, value: value,
                                                                  currency: cur, modelCode: model))
        case InMsg.accountUpdateMultiEnd:
            try r.skip()
            return .accountUpdateMultiEnd(reqId: try r.readInt())
        case InMsg.mktDepthExchanges:
            let n = try OrderCoding.checkedCount(try r.readInt(), perItem: 5, r)
            var list: [DepthExchange] = []
            for _ in 0..<n {
                list.append(DepthExchange(exchange: try r.readString(), secType: try r.readString(),
                                          listingExchange: try r.readString(), serviceDataType: try r.readString(),
                                          aggGroup: try r.readInt()))
            }
            return .mktDepthExchanges(list)
        case InMsg.tickReqParams:
            return .tickReqParams(reqId: try r.readInt(), minTick: try r.readDouble(), bboExchange: try r.readString(),
                                  snapshotPermissions: try r.readInt())
        case InMsg.historicalDataUpdate:
            let reqId = try r.readInt(), count = try r.readInt(), date = try r.readString()
            let o = try r.readDouble(), c = try r.readDouble(), h = try r.readDouble(), l = try r.readDouble()
            let wap = try r.readDecimal(), v = try r.readDecimal()
            return .historicalDataUpdate(reqId: reqId, HistoricalBar(date: date, open: o, high: h, low: l, close: c,
                                                                     volume: v, wap: wap, barCount: count))
        case InMsg.completedOrdersEnd:
            return .completedOrdersEnd
        default:
            return .unknown(id: id)
        }
    }

    private static func decodeContractDetails(_ r: inout TWSFieldReader) throws(TWSDecodeError) -> ServerMessage {
        let reqId = try r.readInt()
        var c = Contract()
        c.symbol = try r.readString()
        c.secType = try r.readString()
        c.lastTradeDateOrContractMonth = try r.readString()
        c.strike = try r.readDouble()
        c.right = try r.readString()
        c.exchange = try r.readString()
        c.currency = try r.readString()
        c.localSymbol = try r.readString()
        var d = ContractDetails(contract: c)
        d.marketName = try r.readString()
        c.tradingClass = try r.readString()
        c.conId = try r.readInt()
        d.minTick = try r.readDouble()
        c.multiplier = try r.readString()
        d.orderTypes = try r.readString()
        d.validExchanges = try r.readString()
        d.priceMagnifier = try r.readInt()
        d.underConId = try r.readInt()
        d.longName = try r.readString()
        c.primaryExchange = try r.readString()
        d.contractMonth = try r.readString()
        d.industry = try r.readString()
        d.category = try r.readString()
        d.subcategory = try r.readString()
        d.timeZoneId = try r.readString()
        d.tradingHours = try r.readString()
        d.liquidHours = try r.readString()
        d.evRule = try r.readString()
        d.evMultiplier = try r.readOptionalDouble()
        let n = try OrderCoding.checkedCount(try r.readInt(), perItem: 2, r)
        for _ in 0..<n { d.secIdList.append(TagValue(try r.readString(), try r.readString())) }
        d.aggGroup = try r.readInt()
        d.underSymbol = try r.readString()
        d.underSecType = try r.readString()
        d.marketRuleIds = try r.readString()
        d.realExpirationDate = try r.readString()
        d.stockType = try r.readString()
        d.minSize = try r.readOptionalDecimal()
        d.sizeIncrement = try r.readOptionalDecimal()
        d.suggestedSizeIncrement = try r.readOptionalDecimal()
        d.contract = c
        return .contractDetails(reqId: reqId, d)
    }
}
