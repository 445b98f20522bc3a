import Testing

@testable import Charts

@Suite struct AxisTests {
    @Test func niceTicksCoverTheRangeWithRoundSteps() {
        let t = NiceTicks.ticks(lo: 3.2, hi: 97.1, target: 5)
        #expect(t.step == 20)
        #expect(t.lo == 0 && t.hi == 100)
        #expect(t.values == [0, 20, 40, 60, 80, 100])
        #expect(NiceTicks.ticks(lo: 0.0012, hi: 0.0047, target: 4).step == 0.001)
    }

    @Test func formats() {
        #expect(formatValue(1234.5, .price, step: 0.5) == "1,234.50")
        #expect(formatValue(12_000, .price, step: 1_000) == "12,000")
        #expect(formatValue(0.05, .percent, step: 0.05) == "5%")
        #expect(formatValue(-0.125, .percent, step: 0.025) == "-12.5%")
        #expect(formatValue(2_500_000, .compact, step: 500_000) == "2.5M")
        #expect(formatValue(0.25, .number, step: 0.05) == "0.25")
        #expect(groupThousands("-1234567.89") == "-1,234,567.89")
    }

    @Test func civilDatesRoundTrip() {
        for t: Int64 in [0, 951_782_400, 1_700_000_000, -86_400 * 400, 4_102_444_800] {
            #expect(CivilTime(epoch: t).epoch == t)
        }
        let c = CivilTime(epoch: 1_709_210_096)  // 2024-02-29 12:34:56 UTC
        #expect(c == CivilTime(year: 2024, month: 2, day: 29, hour: 12, minute: 34, second: 56))
        #expect(formatDate(1_709_210_096, withTime: true) == "2024-02-29 12:34")
    }

    @Test func timeTicksFollowTheSpan() {
        let y2020 = Double(CivilTime(year: 2020, month: 1, day: 1).epoch)
        let years = TimeTicks.ticks(lo: y2020, hi: y2020 + 2_192 * 86_400, target: 6)
        #expect(years.map(\.label) == ["2020", "2021", "2022", "2023", "2024", "2025", "2026"])
        let months = TimeTicks.ticks(lo: y2020 + 86_400 * 10, hi: y2020 + 86_400 * 200, target: 6)
        #expect(months.first?.label == "Feb 2020")
        #expect(months.allSatisfy { CivilTime(epoch: Int64($0.value)).day == 1 })
        let day = TimeTicks.ticks(lo: y2020 + 9.5 * 3600, hi: y2020 + 16 * 3600, target: 6)
        #expect(day.first?.label == "Jan 1 10:00")
        #expect(day.dropFirst().first?.label == "11:00")
    }

    @Test func scaleMapsAndInverts() {
        let s = LinearScale(domain: (0, 10), range: (100, 0))
        #expect(s(0) == 100 && s(10) == 0 && s(5) == 50)
        #expect(s.invert(25) == 7.5)
        let flat = LinearScale(domain: (5, 5), range: (0, 1))
        #expect(flat.domainLow < 5 && flat.domainHigh > 5)
    }

    @Test func svgNumbersAreCompact() {
        var w = SVGWriter()
        for v in [0.0, -0.04, 12.34, -7.0, 1e6 + 0.25] {
            w.number(v)
            w.raw(" ")
        }
        #expect(w.string == "0 0 12.3 -7 1000000.3 ")
    }
}
