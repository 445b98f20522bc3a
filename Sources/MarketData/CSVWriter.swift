import Foundation

/// How a time column is written.
public enum TimeStyle: Sendable {
    /// `YYYY-MM-DD` for daily bars, `YYYY-MM-DDTHH:MM:SS` otherwise.
    case auto
    /// Always `YYYY-MM-DD`.
    case date
    /// `YYYY-MM-DDTHH:MM:SS`.
    case isoDateTime
    /// `YYYY-MM-DD HH:MM:SS`.
    case spaceDateTime
    /// Epoch seconds.
    case epochSeconds
}

/// Writes columns as CSV text: shortest round-trip decimals, NaN as an empty cell.
public enum CSVWriter {
    /// CSV text of a header and columns sharing a time index.
    public static func csv(
        time: [Int64], timeStyle: TimeStyle, daily: Bool, names: [String], columns: [[Double]]
    ) -> String {
        var out = ""
        out.reserveCapacity(time.count * (12 + 12 * columns.count))
        out += (["time"] + names).joined(separator: ",")
        out += "\n"
        for i in 0..<time.count {
            out += formatTime(time[i], timeStyle, daily: daily)
            for c in columns {
                out += ","
                let v = c[i]
                if !v.isNaN { out += formatNumber(v) }
            }
            out += "\n"
        }
        return out
    }

    /// Shortest decimal that parses back to `v`, without a trailing `.0` on integers.
    @inline(__always)
    public static func formatNumber(_ v: Double) -> String {
        if v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }

    /// A time in the given style.
    public static func formatTime(_ t: Int64, _ style: TimeStyle, daily: Bool) -> String {
        switch style {
        case .auto: return daily ? TimeParsing.formatDate(t) : TimeParsing.formatDateTime(t)
        case .date: return TimeParsing.formatDate(t)
        case .isoDateTime: return TimeParsing.formatDateTime(t)
        case .spaceDateTime: return TimeParsing.formatDateTime(t, separator: " ")
        case .epochSeconds: return String(t)
        }
    }

    /// Writes `text` to `path`, throwing a `CSVError` naming the path on failure.
    public static func write(_ text: String, to path: String) throws(CSVError) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CSVError(kind: .unreadable, file: path, line: 0, column: 0, message: "cannot write: \(error)")
        }
    }
}

extension BarSeries {
    /// CSV text: `time,open,high,low,close,volume` then the extra columns.
    public func csvString(timeStyle: TimeStyle = .auto) -> String {
        CSVWriter.csv(
            time: time, timeStyle: timeStyle, daily: isDaily, names: columnNames,
            columns: [open, high, low, close, volume] + extraColumns)
    }

    /// Writes the bars as CSV to `path`.
    public func writeCSV(to path: String, timeStyle: TimeStyle = .auto) throws(CSVError) {
        try CSVWriter.write(csvString(timeStyle: timeStyle), to: path)
    }

    /// Reads bars from a CSV file (see `CSVReader`); the report is dropped.
    public init(csvPath: String, options: CSVOptions = CSVOptions()) throws(CSVError) {
        self = try CSVReader.read(path: csvPath, options: options).bars
    }
}
