import Foundation

/// The `placeOrder` (§12.1) and `openOrder` (§12.4) layouts at server version 178.
enum OrderCoding {
    static let unsetDouble = 1.7976931348623157E308

    // MARK: placeOrder (client → server)

    /// Writes the 113 fields after the id for a plain (non-BAG, no algo, no conditions) order.
    static func encodePlaceOrder(_ o: Order, _ c: Contract, _ w: inout TWSFieldWriter) {
        w.add(o.orderId)
        c.encodeRequestBlock(&w)  // 2–13
        w.add("")  // 14 secIdType
        w.add("")  // 15 secId
        w.add(o.action.rawValue)  // 16
        w.add(o.totalQuantity)  // 17
        w.add(o.orderType.rawValue)  // 18
        w.add(o.lmtPrice)  // 19
        w.add(o.auxPrice)  // 20
        w.add(o.tif)  // 21
        w.add(o.ocaGroup)  // 22
        w.add(o.account)  // 23
        w.add("O")  // 24 openClose
        w.add(0)  // 25 origin
        w.add(o.orderRef)  // 26
        w.add(o.transmit)  // 27
        w.add(o.parentId)  // 28
        w.add(false)  // 29 blockOrder
        w.add(false)  // 30 sweepToFill
        w.add(0)  // 31 displaySize
        w.add(0)  // 32 triggerMethod
        w.add(o.outsideRth)  // 33
        w.add(false)  // 34 hidden
        w.add("")  // 35 sharesAllocation
        w.add(0.0)  // 36 discretionaryAmt
        w.add("")  // 37 goodAfterTime
        w.add(o.goodTillDate)  // 38
        w.add("")  // 39 faGroup
        w.add("")  // 40 faMethod
        w.add("")  // 41 faPercentage
        w.add("")  // 42 modelCode
        w.add(0)  // 43 shortSaleSlot
        w.add("")  // 44 designatedLocation
        w.add(-1)  // 45 exemptCode
        w.add(o.ocaType)  // 46
        w.add("")  // 47 rule80A
        w.add("")  // 48 settlingFirm
        w.add(false)  // 49 allOrNone
        w.add("")  // 50 minQty
        w.add("")  // 51 percentOffset
        w.add(false)  // 52 eTradeOnly
        w.add(false)  // 53 firmQuoteOnly
        w.add("")  // 54 nbboPriceCap
        w.add(0)  // 55 auctionStrategy
        for _ in 56...60 { w.add("") }  // startingPrice, stockRefPrice, delta, stockRangeLower/Upper
        w.add(false)  // 61 overridePercentageConstraints
        for _ in 62...65 { w.add("") }  // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice
        w.add(false)  // 66 continuousUpdate
        for _ in 67...76 { w.add("") }  // referencePriceType … hedgeType
        w.add(false)  // 77 optOutSmartRouting
        w.add("")  // 78 clearingAccount
        w.add("")  // 79 clearingIntent
        w.add(false)  // 80 notHeld
        w.add(false)  // 81 deltaNeutralContractPresent
        w.add("")  // 82 algoStrategy
        w.add("")  // 83 algoId
        w.add(o.whatIf)  // 84
        w.add("")  // 85 orderMiscOptions
        w.add(false)  // 86 solicited
        w.add(false)  // 87 randomizeSize
        w.add(false)  // 88 randomizePrice
        w.add(0)  // 89 conditionsCount
        for _ in 90...95 { w.add("") }  // adjustedOrderType … adjustedTrailingAmount
        w.add(0)  // 96 adjustableTrailingUnit
        for _ in 97...104 { w.add("") }  // extOperator, softDollarTier ×2, cashQty, mifid2 ×4
        w.add(false)  // 105 dontUseAutoPriceForHedge
        w.add(false)  // 106 isOmsContainer
        w.add(false)  // 107 discretionaryUpToLimitPrice
        w.add(false)  // 108 usePriceMgmtAlgo
        w.add("")  // 109 duration
        w.add("")  // 110 postToAts
        w.add(false)  // 111 autoCancelParent
        w.add("")  // 112 advancedErrorOverride
        w.add("")  // 113 manualOrderTime
    }

    /// Field counts of order conditions by type (type id excluded), §12.1 row 89.
    static func conditionFieldCount(_ type: Int) -> Int? {
        switch type {
        case 1: return 6
        case 3: return 3
        case 4: return 3
        case 5: return 4
        case 6: return 5
        case 7: return 5
        default: return nil
        }
    }

    /// Guards a count read from the wire against the fields actually left.
    static func checkedCount(_ n: Int, perItem: Int, _ r: TWSFieldReader) throws(TWSDecodeError) -> Int {
        guard n >= 0, n <= r.remainingFieldCount / max(perItem, 1) else {
            throw TWSDecodeError(messageId: r.messageId, fieldIndex: r.fieldIndex, reason: "bad count \(n)")
        }
        return n
    }

    /// Parses `placeOrder` strictly by position (server side), evaluating the conditional groups.
    static func decodePlaceOrder(_ r: inout TWSFieldReader) throws(TWSDecodeError) -> (Order, Contract) {
        var o = Order()
        o.orderId = try r.readInt()
        let c = try Contract.decodeRequestBlock(&r)
        try r.skip(2)  // secIdType, secId
        let actionText = try r.readString()
        guard let action = OrderAction(rawValue: actionText) else {
            throw TWSDecodeError(messageId: r.messageId, fieldIndex: r.fieldIndex, reason: "bad action '\(actionText)'")
        }
        o.action = action
        o.totalQuantity = try r.readDecimal()
        o.orderType = OrderType(rawValue: try r.readString())
        o.lmtPrice = try r.readOptionalDouble()
        o.auxPrice = try r.readOptionalDouble()
        o.tif = try r.readString()
        o.ocaGroup = try r.readString()
        o.account = try r.readString()
        try r.skip(2)  // openClose, origin
        o.orderRef = try r.readString()
        o.transmit = try r.readBool()
        o.parentId = try r.readInt()
        try r.skip(4)  // blockOrder, sweepToFill, displaySize, triggerMethod
        o.outsideRth = try r.readBool()
        try r.skip(1)  // hidden
        if c.secType == "BAG" {
            let legs = try checkedCount(try r.readInt(), perItem: 8, r)
            try r.skip(legs * 8)
            let prices = try checkedCount(try r.readInt(), perItem: 1, r)
            try r.skip(prices)
            let params = try checkedCount(try r.readInt(), perItem: 2, r)
            try r.skip(params * 2)
        }
        try r.skip(3)  // 35 sharesAllocation, 36 discretionaryAmt, 37 goodAfterTime
        o.goodTillDate = try r.readString()  // 38
        try r.skip(7)  // 39 faGroup … 45 exemptCode
        o.ocaType = try r.readInt()  // 46
        try r.skip(17)  // 47 rule80A … 63 volatilityType
        let dnType = try r.readString()  // 64
        try r.skip(1)  // 65
        if !dnType.isEmpty { try r.skip(8) }
        try r.skip(6)  // 66 continuousUpdate … 71 scaleSubsLevelSize
        if let inc = try r.readOptionalDouble(), inc > 0 { try r.skip(7) }  // 72
        try r.skip(3)  // 73 scaleTable, 74, 75
        let hedgeType = try r.readString()  // 76
        if !hedgeType.isEmpty { try r.skip(1) }
        try r.skip(4)  // 77 … 80
        if try r.readBool() { try r.skip(3) }  // 81 deltaNeutralContractPresent
        let algo = try r.readString()  // 82
        if !algo.isEmpty {
            let p = try checkedCount(try r.readInt(), perItem: 2, r)
            try r.skip(p * 2)
        }
        try r.skip(1)  // 83 algoId
        o.whatIf = try r.readBool()  // 84
        try r.skip(4)  // 85 … 88
        if o.orderType.rawValue == "PEG BENCH" { try r.skip(5) }
        let conditions = try checkedCount(try r.readInt(), perItem: 1, r)  // 89
        if conditions > 0 {
            for _ in 0..<conditions {
                let type = try r.readInt()
                guard let n = conditionFieldCount(type) else {
                    throw TWSDecodeError(messageId: r.messageId, fieldIndex: r.fieldIndex,
                                         reason: "unknown order condition type \(type)")
                }
                try r.skip(n)
            }
            try r.skip(2)  // conditionsIgnoreRth, conditionsCancelOrder
        }
        try r.skip(24)  // 90 … 113
        if c.exchange == "IBKRATS" { try r.skip(1) }
        if o.orderType.rawValue == "PEG BEST" {
            try r.skip(1)
            let offset = try r.readString()
            if offset == "Infinity" || offset == "Infinite" { try r.skip(2) }
        } else if o.orderType.rawValue == "PEG MID" {
            try r.skip(2)
        }
        guard r.isAtEnd else {
            throw TWSDecodeError(messageId: r.messageId, fieldIndex: r.fieldIndex,
                                 reason: "placeOrder has \(r.remainingFieldCount) fields more than the 178 layout")
        }
        return (o, c)
    }

    // MARK: openOrder (server → client)

    /// Writes the 126 fields after the id for a plain stock order.
    static func encodeOpenOrder(_ oo: OpenOrder, _ w: inout TWSFieldWriter) {
        let o = oo.order
        let s = oo.state
        w.add(o.orderId)  // 2
        oo.contract.encodeServerBlock(&w)  // 3–13
        w.add(o.action.rawValue)  // 14
        w.add(o.totalQuantity)  // 15
        w.add(o.orderType.rawValue)  // 16
        w.add(o.lmtPrice)  // 17
        w.add(o.auxPrice)  // 18
        w.add(o.tif.isEmpty ? "DAY" : o.tif)  // 19
        w.add(o.ocaGroup)  // 20
        w.add(o.account)  // 21
        w.add("O")  // 22 openClose
        w.add(0)  // 23 origin
        w.add(o.orderRef)  // 24
        w.add(o.clientId)  // 25
        w.add(o.permId)  // 26
        w.add(o.outsideRth)  // 27
        w.add(false)  // 28 hidden
        w.add(0.0)  // 29 discretionaryAmt
        w.add("")  // 30 goodAfterTime
        w.add("")  // 31 sharesAllocation
        for _ in 32...35 { w.add("") }  // faGroup, faMethod, faPercentage, modelCode
        w.add(o.goodTillDate)  // 36
        w.add("")  // 37 rule80A
        w.add("")  // 38 percentOffset
        w.add("")  // 39 settlingFirm
        w.add(0)  // 40 shortSaleSlot
        w.add("")  // 41 designatedLocation
        w.add(-1)  // 42 exemptCode
        w.add(0)  // 43 auctionStrategy
        for _ in 44...48 { w.add("") }  // startingPrice … stockRangeUpper
        w.add(0)  // 49 displaySize
        w.add(false)  // 50 blockOrder
        w.add(false)  // 51 sweepToFill
        w.add(false)  // 52 allOrNone
        w.add("")  // 53 minQty
        w.add(o.ocaType)  // 54
        w.add(false)  // 55 eTradeOnly
        w.add(false)  // 56 firmQuoteOnly
        w.add("")  // 57 nbboPriceCap
        w.add(o.parentId)  // 58
        w.add(0)  // 59 triggerMethod
        w.add("")  // 60 volatility
        w.add(0)  // 61 volatilityType
        w.add("")  // 62 deltaNeutralOrderType
        w.add("")  // 63 deltaNeutralAuxPrice
        w.add(false)  // 64 continuousUpdate
        w.add(0)  // 65 referencePriceType
        w.add("")  // 66 trailStopPrice
        w.add("")  // 67 trailingPercent
        w.add("")  // 68 basisPoints
        w.add("")  // 69 basisPointsType
        w.add("")  // 70 comboLegsDescrip
        w.add(0)  // 71 comboLegsCount
        w.add(0)  // 72 orderComboLegsCount
        w.add(0)  // 73 smartComboRoutingParamsCount
        w.add("")  // 74 scaleInitLevelSize
        w.add("")  // 75 scaleSubsLevelSize
        w.add("")  // 76 scalePriceIncrement
        w.add("")  // 77 hedgeType
        w.add(false)  // 78 optOutSmartRouting
        w.add("")  // 79 clearingAccount
        w.add("")  // 80 clearingIntent
        w.add(false)  // 81 notHeld
        w.add(false)  // 82 deltaNeutralContractPresent
        w.add("")  // 83 algoStrategy
        w.add(false)  // 84 solicited
        w.add(o.whatIf)  // 85
        w.add(s.status)  // 86
        for v in [s.initMarginBefore, s.maintMarginBefore, s.equityWithLoanBefore, s.initMarginChange,
                  s.maintMarginChange, s.equityWithLoanChange, s.initMarginAfter, s.maintMarginAfter,
                  s.equityWithLoanAfter] { w.add(v) }  // 87–95
        w.add(s.commission)  // 96
        w.add(s.minCommission)  // 97
        w.add(s.maxCommission)  // 98
        w.add(s.commissionCurrency)  // 99
        w.add(s.warningText)  // 100
        w.add(false)  // 101 randomizeSize
        w.add(false)  // 102 randomizePrice
        w.add(0)  // 103 conditionsCount
        w.add("")  // 104 adjustedOrderType
        for _ in 105...110 { w.add("") }  // triggerPrice … adjustedTrailingAmount
        w.add(0)  // 111 adjustableTrailingUnit
        for _ in 112...114 { w.add("") }  // softDollarTier
        w.add("")  // 115 cashQty
        w.add(false)  // 116 dontUseAutoPriceForHedge
        w.add(false)  // 117 isOmsContainer
        w.add(false)  // 118 discretionaryUpToLimitPrice
        w.add(false)  // 119 usePriceMgmtAlgo
        w.add("")  // 120 duration
        w.add("")  // 121 postToAts
        w.add(false)  // 122 autoCancelParent
        for _ in 123...127 { w.add("") }  // minTradeQty … midOffsetAtHalf
    }

    /// Reads `openOrder` sequentially (client side), following the conditional groups.
    static func decodeOpenOrder(_ r: inout TWSFieldReader) throws(TWSDecodeError) -> OpenOrder {
        var o = Order()
        o.orderId = try r.readInt()  // 2
        let c = try Contract.decodeServerBlock(&r)  // 3–13
        let actionText = try r.readString()
        o.action = OrderAction(rawValue: actionText) ?? .buy
        o.totalQuantity = try r.readDecimal()  // 15
        o.orderType = OrderType(rawValue: try r.readString())  // 16
        o.lmtPrice = try r.readOptionalDouble()  // 17
        o.auxPrice = try r.readOptionalDouble()  // 18
        o.tif = try r.readString()  // 19
        o.ocaGroup = try r.readString()  // 20
        o.account = try r.readString()  // 21
        try r.skip(2)  // 22 openClose, 23 origin
        o.orderRef = try r.readString()  // 24
        o.clientId = try r.readInt()  // 25
        o.permId = try r.readInt()  // 26
        o.outsideRth = try r.readBool()  // 27
        try r.skip(8)  // 28 hidden … 35 modelCode
        o.goodTillDate = try r.readString()  // 36
        try r.skip(17)  // 37 … 53
        o.ocaType = try r.readInt()  // 54
        try r.skip(3)  // 55 … 57
        o.parentId = try r.readInt()  // 58
        try r.skip(3)  // 59 … 61
        let dnType = try r.readString()  // 62
        try r.skip(1)  // 63
        if !dnType.isEmpty { try r.skip(8) }
        try r.skip(7)  // 64 … 70
        let legs = try checkedCount(try r.readInt(), perItem: 8, r)  // 71
        try r.skip(legs * 8)
        let legPrices = try checkedCount(try r.readInt(), perItem: 1, r)  // 72
        try r.skip(legPrices)
        let params = try checkedCount(try r.readInt(), perItem: 2, r)  // 73
        try r.skip(params * 2)
        try r.skip(2)  // 74, 75
        if let inc = try r.readOptionalDouble(), inc > 0 { try r.skip(7) }  // 76
        let hedge = try r.readString()  // 77
        if !hedge.isEmpty { try r.skip(1) }
        try r.skip(4)  // 78 … 81
        if try r.readBool() { try r.skip(3) }  // 82
        let algo = try r.readString()  // 83
        if !algo.isEmpty {
            let p = try checkedCount(try r.readInt(), perItem: 2, r)
            try r.skip(p * 2)
        }
        try r.skip(1)  // 84 solicited
        o.whatIf = try r.readBool()  // 85
        var s = OrderState()
        s.status = try r.readString()  // 86
        s.initMarginBefore = try r.readString()
        s.maintMarginBefore = try r.readString()
        s.equityWithLoanBefore = try r.readString()
        s.initMarginChange = try r.readString()
        s.maintMarginChange = try r.readString()
        s.equityWithLoanChange = try r.readString()
        s.initMarginAfter = try r.readString()
        s.maintMarginAfter = try r.readString()
        s.equityWithLoanAfter = try r.readString()  // 95
        s.commission = try r.readOptionalDouble()
        s.minCommission = try r.readOptionalDouble()
        s.maxCommission = try r.readOptionalDouble()
        s.commissionCurrency = try r.readString()  // 99
        s.warningText = try r.readString()  // 100
        // The rest (101–127 and conditional groups) carries nothing this client uses; trailing fields are
        // ignored for forward compatibility, so a short tail from an older server is accepted too.
        o.transmit = true
        return OpenOrder(order: o, contract: c, state: s)
    }
}
