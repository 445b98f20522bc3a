/// Message ids of the server → client direction (§15).
public enum InMsg {
    static let tickPrice = 1, tickSize = 2, orderStatus = 3, error = 4, openOrder = 5, updateAccountValue = 6
    static let updatePortfolio = 7, updateAccountTime = 8, nextValidId = 9, contractDetails = 10, execDetails = 11
    static let updateMktDepth = 12, updateMktDepthL2 = 13, managedAccounts = 15, historicalData = 17
    static let tickGeneric = 45, tickString = 46, currentTime = 49, realtimeBar = 50, contractDetailsEnd = 52
    static let openOrderEnd = 53, accountDownloadEnd = 54, execDetailsEnd = 55, tickSnapshotEnd = 57
    static let marketDataType = 58, commissionReport = 59, position = 61, positionEnd = 62, accountSummary = 63
    static let accountSummaryEnd = 64, accountUpdateMulti = 73, accountUpdateMultiEnd = 74
    static let mktDepthExchanges = 80, tickReqParams = 81, historicalDataUpdate = 90, completedOrder = 101
    static let completedOrdersEnd = 102
}

/// Message ids of the client → server direction (§15).
public enum OutMsg {
    static let reqMktData = 1, cancelMktData = 2, placeOrder = 3, cancelOrder = 4, reqOpenOrders = 5
    static let reqAccountUpdates = 6, reqExecutions = 7, reqIds = 8, reqContractDetails = 9, reqMktDepth = 10
    static let cancelMktDepth = 11, reqAutoOpenOrders = 15, reqAllOpenOrders = 16, reqManagedAccts = 17
    static let reqHistoricalData = 20, cancelHistoricalData = 25, reqCurrentTime = 49, reqRealTimeBars = 50
    static let cancelRealTimeBars = 51, reqGlobalCancel = 58, reqMarketDataType = 59, reqPositions = 61
    static let reqAccountSummary = 62, cancelAccountSummary = 63, cancelPositions = 64, startApi = 71
    static let reqAccountUpdatesMulti = 76, cancelAccountUpdatesMulti = 77, reqMktDepthExchanges = 82
    static let reqCompletedOrders = 99
}
