#!/usr/bin/env python3
"""Checks a TWS-protocol server (Lunar's simulator) with the real third-party client ib_async.

Usage: ib_async_check.py PORT
Prints one line per check ("ok <name> …" / "FAIL <name> …") and a closing "N passed, N failed" line;
exits non-zero when any check fails.
"""
import math
import sys
import time

from ib_async import IB, LimitOrder, MarketOrder, Stock, util

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 7497
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok   " if cond else "FAIL ") + name + (f"  ({detail})" if detail else ""), flush=True)


def wait_until(ib, pred, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        ib.sleep(0.1)
    return pred()


ib = IB()
ib.connect("127.0.0.1", PORT, clientId=11, timeout=10)
check("connect", ib.isConnected(), f"server version {ib.client.serverVersion()}, accounts {ib.managedAccounts()}")
check("paper account", all(a.startswith("DU") for a in ib.managedAccounts()))

t = ib.reqCurrentTime()
check("current time", abs(t.timestamp() - time.time()) < 10, str(t))

aapl = Stock("AAPL", "SMART", "USD")
qualified = ib.qualifyContracts(aapl)
check("qualify AAPL", qualified and aapl.conId == 265598, f"conId {aapl.conId} {aapl.primaryExchange}")

ticker = ib.reqMktData(aapl, "", False, False)
ok = wait_until(ib, lambda: not math.isnan(ticker.bid) and not math.isnan(ticker.ask) and ticker.bid > 0, 10)
first = (ticker.bid, ticker.ask)
updates = []
ticker.updateEvent += lambda t: updates.append((t.bid, t.ask))
wait_until(ib, lambda: len(updates) >= 3, 5)
check("streaming bid/ask", ok and ticker.bid < ticker.ask and len(updates) >= 3,
      f"bid {first[0]} ask {first[1]}, {len(updates)} updates")
ib.cancelMktData(aapl)

depth = ib.reqMktDepth(aapl, numRows=10, isSmartDepth=True)
ok = wait_until(ib, lambda: len(depth.domBids) >= 5 and len(depth.domAsks) >= 5, 10)
check("depth >= 5 levels", ok, f"{len(depth.domBids)} bids, {len(depth.domAsks)} asks, "
      f"best {depth.domBids[0].price if depth.domBids else None}/{depth.domAsks[0].price if depth.domAsks else None}")
ib.cancelMktDepth(aapl, isSmartDepth=True)

bars = ib.reqHistoricalData(aapl, endDateTime="", durationStr="1 D", barSizeSetting="5 mins",
                            whatToShow="TRADES", useRTH=True, formatDate=1)
steps = {(b2.date - b1.date).total_seconds() for b1, b2 in zip(bars, bars[1:])}
# A full regular session has 78 bars; during the session TWS returns today's bars so far.
check("1 day of 5-minute history", 1 <= len(bars) <= 78 and steps <= {300.0} and all(b.low <= b.high for b in bars),
      f"{len(bars)} bars, {bars[0].date if bars else None} .. {bars[-1].date if bars else None}")

rt = ib.reqRealTimeBars(aapl, 5, "TRADES", False)
ok = wait_until(ib, lambda: len(rt) >= 1, 15)
check("real-time bars", ok and rt[-1].time.timestamp() % 5 == 0,
      f"{len(rt)} bars, last {rt[-1].time if rt else None} close {rt[-1].close if rt else None}")
ib.cancelRealTimeBars(rt)

trade = ib.placeOrder(aapl, MarketOrder("BUY", 100))
ok = wait_until(ib, lambda: trade.orderStatus.status == "Filled" and trade.fills
                and all(f.commissionReport.execId for f in trade.fills), 10)
commission = sum(f.commissionReport.commission for f in trade.fills)
check("MKT buy filled with commission", ok and commission > 0,
      f"status {trade.orderStatus.status}, avg {trade.orderStatus.avgFillPrice}, commission {commission}")

lmt = ib.placeOrder(aapl, LimitOrder("BUY", 10, round(ticker.bid * 0.9 if ticker.bid > 0 else 100, 2)))
placed = wait_until(ib, lambda: lmt.orderStatus.status == "Submitted", 10)
ib.cancelOrder(lmt.order)
cancelled = wait_until(ib, lambda: lmt.orderStatus.status == "Cancelled", 10)
check("LMT placed then cancelled", placed and cancelled, f"status {lmt.orderStatus.status}")

positions = ib.reqPositions()
pos = [p for p in positions if p.contract.symbol == "AAPL"]
check("positions", pos and pos[0].position >= 100, f"{[(p.contract.symbol, p.position, p.avgCost) for p in positions]}")

summary = ib.accountSummary()
tags = {v.tag: v.value for v in summary}
check("account summary", "NetLiquidation" in tags and float(tags["NetLiquidation"]) > 0,
      f"{len(summary)} values, NetLiquidation {tags.get('NetLiquidation')}")

ib.disconnect()
passed = sum(results)
failed = len(results) - passed
print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
