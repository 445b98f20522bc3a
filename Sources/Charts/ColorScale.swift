/// Continuous colour maps for heatmaps and matrices.
enum ColorScale {
    /// Sequential map (viridis-like) for t in [0, 1].
    static func sequential(_ t: Double) -> String {
        interpolate([(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)], t)
    }

    /// Blues for counts (t in [0, 1]).
    static func blues(_ t: Double) -> String {
        interpolate([(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)], t)
    }

    /// Diverging red–white–green map for t in [0, 1], 0.5 white.
    static func diverging(_ t: Double) -> String {
        interpolate([(215, 48, 39), (252, 141, 89), (255, 255, 255), (145, 207, 96), (26, 152, 80)], t)
    }

    /// Black or white, whichever reads better on `background` ("#rrggbb").
    static func textColor(on background: String) -> String {
        let hex = Array(background.utf8.dropFirst())
        guard hex.count == 6 else { return "#000000" }
        func byte(_ i: Int) -> Double {
            Double(Int(String(decoding: hex[i..<(i + 2)], as: UTF8.self), radix: 16) ?? 0)
        }
        let luminance = 0.299 * byte(0) + 0.587 * byte(2) + 0.114 * byte(4)
        return luminance > 140 ? "#000000" : "#ffffff"
    }

    private static func interpolate(_ stops: [(Double, Double, Double)], _ t0: Double) -> String {
        let t = t0.isFinite ? min(1, max(0, t0)) : 0
        let f = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(f))
        let u = f - Double(i)
        let a = stops[i], b = stops[i + 1]
        func hex(_ v: Double) -> String {
            let n = Int(v.rounded())
            let s = String(n, radix: 16)
            return n < 16 ? "0" + s : s
        }
        return "#" + hex(a.0 + (b.0 - a.0) * u) + hex(a.1 + (b.1 - a.1) * u) + hex(a.2 + (b.2 - a.2) * u)
    }
}
