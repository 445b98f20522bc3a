import Foundation

/// Parameters of `reqHistoricalData` (§10.1).
public struct HistoricalDataRequest: Sendable, Hashable {
    /// Request id.
    public var reqId: Int
    /// Contract.
    public var contract: Contract
    /// Include expired contracts.
    public var includeExpired: Bool = false
    /// End of the range: empty = now, `yyyyMMdd HH:mm:ss <tz>` or `yyyyMMdd-HH:mm:ss` (UTC).
    public var endDateTime: String = ""
    /// Bar size, e.g. `5 mins` (exact TWS spelling).
    public var barSize: String
    /// Duration, e.g. `1 D`.
    public var duration: String
    /// Regular trading hours only.
    public var useRTH: Bool = true
    /// `TRADES`, `MIDPOINT`, `BID`, `ASK`, …
    public var whatToShow: String = "TRADES"
    /// 1 = readable dates, 2 = epoch seconds.
    public var formatDate: Int = 1
    /// Keep the request open and stream `historicalDataUpdate`.
    public var keepUpToDate: Bool = false

    /// Creates a request.
    public init(reqId: Int, contract: Contract, endDateTime: String = "", barSize: String, duration: String,
                useRTH: Bool = true, whatToShow: String = "TRADES", formatDate: Int = 1, keepUpToDate: Bool = false) {
        self.reqId = reqId
        self.contract = contract
        self.endDateTime = endDateTime
        self.barSize = barSize
        self.duration = duration
        self.useRTH = useRTH
        self.whatToShow = whatToShow
        self.formatDate = formatDate
        self.keepUpToDate = keepUpToDate
    }
}

/// Every client → server message of the spec (§15).
public enum ClientMessage: Sendable, Hashable {
    /// 1 reqMktData.
    case reqMktData(reqId: Int, Contract, genericTickList: String, snapshot: Bool, regulatorySnapshot: Bool)
    /// 2 cancelMktData.
    case cancelMktData(reqId: Int)
    /// 3 placeOrder.
    case placeOrder(Order, Contract)
    /// 4 cancelOrder.
    case cancelOrder(orderId: Int, manualOrderCancelTime: String)
    /// 5 reqOpenOrders.
    case reqOpenOrders
    /// 6 reqAccountUpdates.
    case reqAccountUpdates(subscribe: Bool, account: String)
    /// 7 reqExecutions.
    case reqExecutions(reqId: Int, ExecutionFilter)
    /// 8 reqIds.
    case reqIds(numIds: Int)
    /// 9 reqContractDetails.
    case reqContractDetails(reqId: Int, Contract, includeExpired: Bool, secIdType: String, secId: String,
                            issuerId: String)
    /// 10 reqMktDepth.
    case reqMktDepth(reqId: Int, Contract, numRows: Int, isSmartDepth: Bool)
    /// 11 cancelMktDepth.
    case cancelMktDepth(reqId: Int, isSmartDepth: Bool)
    /// 15 reqAutoOpenOrders.
    case reqAutoOpenOrders(autoBind: Bool)
    /// 16 reqAllOpenOrders.
    case reqAllOpenOrders
    /// 17 reqManagedAccts.
    case reqManagedAccts
    /// 20 reqHistoricalData.
    case reqHistoricalData(HistoricalDataRequest)
    /// 25 cancelHistoricalData.
    case cancelHistoricalData(reqId: Int)
    /// 49 reqCurrentTime.
    case reqCurrentTime
    /// 50 reqRealTimeBars.
    case reqRealTimeBars(reqId: Int, Contract, barSize: Int, whatToShow: String, useRTH: Bool)
    /// 51 cancelRealTimeBars.
    case cancelRealTimeBars(reqId: Int)
    /// 58 reqGlobalCancel.
    case reqGlobalCancel
    /// 59 reqMarketDataType.
    case reqMarketDataType(Int)
    /// 61 reqPositions.
    case reqPositions
    /// 62 reqAccountSummary.
    case reqAccountSummary(reqId: Int, group: String, tags: String)
    /// 63 cancelAccountSummary.
    case cancelAccountSummary(reqId: Int)
    /// 64 cancelPositions.
    case cancelPositions
    /// 71 startApi.
    case startApi(clientId: Int, optionalCapabilities: String)
    /// 76 reqAccountUpdatesMulti.
    case reqAccountUpdatesMulti(reqId: Int, account: String, modelCode: String, ledgerAndNLV: Bool)
    /// 77 cancelAccountUpdatesMulti.
    case cancelAccountUpdatesMulti(reqId: Int)
    /// 82 reqMktDepthExchanges.
    case reqMktDepthExchanges
    /// 99 reqCompletedOrders.
    case reqCompletedOrders(apiOnly: Bool)

    /// The wire message id.
    public var messageId: Int {
        switch self {
        case .reqMktData: return OutMsg.reqMktData
        case .cancelMktData: return OutMsg.cancelMktData
        case .placeOrder: return OutMsg.placeOrder
        case .cancelOrder: return OutMsg.cancelOrder
        case .reqOpenOrders: return OutMsg.reqOpenOrders
        case .reqAccountUpdates: return OutMsg.reqAccountUpdates
        case .reqExecutions: return OutMsg.reqExecutions
        case .reqIds: return OutMsg.reqIds
        case .reqContractDetails: return OutMsg.reqContractDetails
        case .reqMktDepth: return OutMsg.reqMktDepth
        case .cancelMktDepth: return OutMsg.cancelMktDepth
        case .reqAutoOpenOrders: return OutMsg.reqAutoOpenOrders
        case .reqAllOpenOrders: return OutMsg.reqAllOpenOrders
        case .reqManagedAccts: return OutMsg.reqManagedAccts
        case .reqHistoricalData: return OutMsg.reqHistoricalData
        case .cancelHistoricalData: return OutMsg.cancelHistoricalData
        case .reqCurrentTime: return OutMsg.reqCurrentTime
        case .reqRealTimeBars: return OutMsg.reqRealTimeBars
        case .cancelRealTimeBars: return OutMsg.cancelRealTimeBars
        case .reqGlobalCancel: return OutMsg.reqGlobalCancel
        case .reqMarketDataType: return OutMsg.reqMarketDataType
        case .reqPositions: return OutMsg.reqPositions
        case .reqAccountSummary: return OutMsg.reqAccountSummary
        case .cancelAccountSummary: return OutMsg.cancelAccountSummary
        case .cancelPositions: return OutMsg.cancelPositions
        case .startApi: return OutMsg.startApi
        case .reqAccountUpdatesMulti: return OutMsg.reqAccountUpdatesMulti
        case .cancelAccountUpdatesMulti: return OutMsg.cancelAccountUpdatesMulti
        case .reqMktDepthExchanges: return OutMsg.reqMktDepthExchanges
        case .reqCompletedOrders: return OutMsg.reqCompletedOrders
        }
    }

    /// The payload with the per-message versions of the spec.
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
        case .reqMktData(let reqId, let c, let ticks, let snapshot, let regulatory):
            w.add(11); w.add(reqId)
            c.encodeRequestBlock(&w)
            w.add(false)  // deltaNeutralContractPresent
            w.add(ticks); w.add(snapshot); w.add(regulatory); w.add("")
        case .cancelMktData(let reqId), .cancelHistoricalData(let reqId), .cancelRealTimeBars(let reqId),
            .cancelAccountSummary(let reqId), .cancelAccountUpdatesMulti(let reqId):
            w.add(self.messageId == OutMsg.cancelMktData ? 2 : 1); w.add(reqId)
        case .placeOrder(let o, let c):
            OrderCoding.encodePlaceOrder(o, c, &w)
        case .cancelOrder(let orderId, let time):
            w.add(1); w.add(orderId); w.add(time)
        case .reqOpenOrders, .reqAllOpenOrders, .reqManagedAccts, .reqCurrentTime, .reqGlobalCancel, .reqPositions,
            .cancelPositions:
            w.add(1)
        case .reqAccountUpdates(let subscribe, let account):
            w.add(2); w.add(subscribe); w.add(account)
        case .reqExecutions(let reqId, let f):
            w.add(3); w.add(reqId); w.add(f.clientId); w.add(f.accountCode); w.add(f.time); w.add(f.symbol)
            w.add(f.secType); w.add(f.exchange); w.add(f.side)
        case .reqIds(let n):
            w.add(1); w.add(n)
        case .reqContractDetails(let reqId, let c, let expired, let secIdType, let secId, let issuerId):
            w.add(8); w.add(reqId)
            c.encodeRequestBlock(&w)
            w.add(expired); w.add(secIdType); w.add(secId); w.add(issuerId)
        case .reqMktDepth(let reqId, let c, let rows, let smart):
            w.add(5); w.add(reqId)
            c.encodeRequestBlock(&w)
            w.add(rows); w.add(smart); w.add("")
        case .cancelMktDepth(let reqId, let smart):
            w.add(1); w.add(reqId); w.add(smart)
        case .reqAutoOpenOrders(let bind):
            w.add(1); w.add(bind)
        case .reqHistoricalData(let h):
            w.add(h.reqId)
            h.contract.encodeRequestBlock(&w)
            w.add(h.includeExpired); w.add(h.endDateTime); w.add(h.barSize); w.add(h.duration); w.add(h.useRTH)
            w.add(h.whatToShow); w.add(h.formatDate); w.add(h.keepUpToDate); w.add("")
        case .reqRealTimeBars(let reqId, let c, let size, let what, let rth):
            w.add(3); w.add(reqId)
            c.encodeRequestBlock(&w)
            w.add(size); w.add(what); w.add(rth); w.add("")
        case .reqMarketDataType(let t):
            w.add(1); w.add(t)
        case .reqAccountSummary(let reqId, let group, let tags):
            w.add(1); w.add(reqId); w.add(group); w.add(tags)
        case .startApi(let clientId, let caps):
            w.add(2); w.add(clientId); w.add(caps)
        case .reqAccountUpdatesMulti(let reqId, let account, let model, let ledger):
            w.add(1); w.add(reqId); w.add(account); w.add(model); w.add(ledger)
        case .reqMktDepthExchanges:
            break
        case .reqCompletedOrders(let apiOnly):
            w.add(apiOnly)
        }
    }

    /// Decodes a client frame payload (simulator side). Unknown ids return `nil`; malformed content throws.
    public static func decode(_ payload: [UInt8]) throws(TWSDecodeError) -> ClientMessage? {
        let result: Result<ClientMessage?, TWSDecodeError> = payload.withUnsafeBytes { buf in
            do throws(TWSDecodeError) { return .success(try decode(buf)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes a client frame payload from raw bytes.
    public static func decode(_ payload: UnsafeRawBufferPointer) throws(TWSDecodeError) -> ClientMessage? {
        var r = TWSFieldReader(payload)
        guard payload.count > 0 else { throw TWSDecodeError(messageId: -1, fieldIndex: 0, reason: "empty frame") }
        guard let id = try r.readOptionalInt() else {
            throw TWSDecodeError(messageId: -1, fieldIndex: 0, reason: "empty message id")
        }
        r.messageId = id
        func opt(_ r: inout TWSFieldReader) throws(TWSDecodeError) -> String { r.isAtEnd ? "" : try r.readString() }
        switch id {
        case OutMsg.reqMktData:
            try r.skip()
            let reqId = try r.readInt()
            let c = try Contract.decodeRequestBlock(&r)
            if c.secType == "BAG" {
                let n = try OrderCoding.checkedCount(try r.readInt(), perItem: 4, r)
                try r.skip(4 * n)
            }
            if try r.readBool() { try r.skip(3) }
            let ticks = try r.readString(), snapshot = try r.readBool()
            let regulatory = r.isAtEnd ? false : try r.readBool()
            _ = try opt(&r)
            return .reqMktData(reqId: reqId, c, genericTickList: ticks, snapshot: snapshot,
                               regulatorySnapshot: regulatory)
        case OutMsg.cancelMktData:
            try r.skip()
            return .cancelMktData(reqId: try r.readInt())
        case OutMsg.placeOrder:
            let (o, c) = try OrderCoding.decodePlaceOrder(&r)
            return .placeOrder(o, c)
        case OutMsg.cancelOrder:
            try r.skip()
            let orderId = try r.readInt()
            return .cancelOrder(orderId: orderId, manualOrderCancelTime: try opt(&r))
        case OutMsg.reqOpenOrders: return .reqOpenOrders
        case OutMsg.reqAccountUpdates:
            try r.skip()
            return .reqAccountUpdates(subscribe: try r.readBool(), account: try opt(&r))
        case OutMsg.reqExecutions:
            try r.skip()
            let reqId = try r.readInt()
            var f = ExecutionFilter()
            f.clientId = try r.readInt()
            f.accountCode = try r.readString()
            f.time = try r.readString()
            f.symbol = try r.readString()
            f.secType = try r.readString()
            f.exchange = try r.readString()
            f.side = try r.readString()
            return .reqExecutions(reqId: reqId, f)
        case OutMsg.reqIds:
            try r.skip()
            return .reqIds(numIds: try r.readInt())
        case OutMsg.reqContractDetails:
            try r.skip()
            let reqId = try r.readInt()
            let c = try Contract.decodeRequestBlock(&r)
            let expired = try r.readBool(), secIdType = try r.readString(), secId = try r.readString()
            return .reqContractDetails(reqId: reqId, c, includeExpired: expired, secIdType: secIdType, secId: secId,
                                       issuerId: try opt(&r))
        case OutMsg.reqMktDepth:
            try r.skip()
            let reqId = try r.readInt()
            let c = try Contract.decodeRequestBlock(&r)
            let rows = try r.readInt(), smart = try r.readBool()
            _ = try opt(&r)
            return .reqMktDepth(reqId: reqId, c, numRows: rows, isSmartDepth: smart)
        case OutMsg.cancelMktDepth:
            try r.skip()
            let reqId = try r.readInt()
            return .cancelMktDepth(reqId: reqId, isSmartDepth: r.isAtEnd ? false : try r.readBool())
        case OutMsg.reqAutoOpenOrders:
            try r.skip()
            return .reqAutoOpenOrders(autoBind: try r.readBool())
        case OutMsg.reqAllOpenOrders: return .reqAllOpenOrders
        case OutMsg.reqManagedAccts: return .reqManagedAccts
        case OutMsg.reqHistoricalData:
            let reqId = try r.readInt()
            let c = try Contract.decodeRequestBlock(&r)
            var h = HistoricalDataRequest(reqId: reqId, contract: c, barSize: "", duration: "")
            h.includeExpired = try r.readBool()
            h.endDateTime = try r.readString()
            h.barSize = try r.readString()
            h.duration = try r.readString()
            h.useRTH = try r.readBool()
            h.whatToShow = try r.readString()
            h.formatDate = try r.readInt()
            if c.secType == "BAG" {
                let n = try OrderCoding.checkedCount(try r.readInt(), perItem: 4, r)
                try r.skip(4 * n)
            }
            h.keepUpToDate = try r.readBool()
            _ = try opt(&r)
            return .reqHistoricalData(h)
        case OutMsg.cancelHistoricalData:
            try r.skip()
            return .cancelHistoricalData(reqId: try r.readInt())
        case OutMsg.reqCurrentTime: return .reqCurrentTime
        case OutMsg.reqRealTimeBars:
            try r.skip()
            let reqId = try r.readInt()
            let c = try Contract.decodeRequestBlock(&r)
            let size = try r.readInt(), what = try r.readString(), rth = try r.readBool()
            _ = try opt(&r)
            return .reqRealTimeBars(reqId: reqId, c, barSize: size, whatToShow: what, useRTH: rth)
        case OutMsg.cancelRealTimeBars:
            try r.skip()
            return .cancelRealTimeBars(reqId: try r.readInt())
        case OutMsg.reqGlobalCancel: return .reqGlobalCancel
        case OutMsg.reqMarketDataType:
            try r.skip()
            return .reqMarketDataType(try r.readInt())
        case OutMsg.reqPositions: return .reqPositions
        case OutMsg.reqAccountSummary:
            try r.skip()
            return .reqAccountSummary(reqId: try r.readInt(), group: try r.readString(), tags: try r.readString())
        case OutMsg.cancelAccountSummary:
            try r.skip()
            return .cancelAccountSummary(reqId: try r.readInt())
        case OutMsg.cancelPositions: return .cancelPositions
        case OutMsg.startApi:
            try r.skip()
            let clientId = try r.readInt()
            return .startApi(clientId: clientId, optionalCapabilities: try opt(&r))
        case OutMsg.reqAccountUpdatesMulti:
            try r.skip()
            return .reqAccountUpdatesMulti(reqId: try r.readInt(), account: try r.readString(),
                                           modelCode: try r.readString(), ledgerAndNLV: try r.readBool())
        case OutMsg.cancelAccountUpdatesMulti:
            try r.skip()
            return .cancelAccountUpdatesMulti(reqId: try r.readInt())
        case OutMsg.reqMktDepthExchanges: return .reqMktDepthExchanges
        case OutMsg.reqCompletedOrders:
            return .reqCompletedOrders(apiOnly: r.isAtEnd ? false : try r.readBool())
        default:
            return nil
        }
    }
}
