import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Charts drawn by hnf as inline SVG (no scripts, fonts or network): fan charts for a
/// projected quantity's intervals, line charts and bar charts, on a "nice" value axis.
/// Every mark carries `data-mark` so a test can count what was drawn.
public struct SVGChart {
    public var width = 640.0, height = 300.0
    var left = 78.0, right = 30.0, top = 16.0, bottom = 44.0
    public var format: (Double) -> String

    public init(format: @escaping (Double) -> String) { self.format = format }

    public static let palette = [
        "#1d4e89", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6a9f", "#2e4057", "#9c6644",
        // Enough that Kent's nine settings and a funding block or two never share a colour.
        "#e07a5f", "#7f7f7f", "#b5838d", "#17becf",
    ]

    /// A band between two lines (an interval across draws).
    public struct Band {
        public var label: String; public var low, high: [Double]; public var color: String; public var opacity: Double
    }
    /// A line through the categories.
    public struct Line {
        public var label: String; public var values: [Double?]; public var color: String; public var dashed = false
    }

    /// Bands then lines across `categories` (years), with a legend.
    public func lines(
        _ title: String, categories: [String], bands: [Band] = [], lines: [Line], zero: Bool = false
    ) -> String {
        let all = bands.flatMap { $0.low + $0.high } + lines.flatMap { $0.values.compactMap { $0 } }
        let axis = NiceAxis(min: all.min() ?? 0, max: all.max() ?? 1, includeZero: zero)
        let n = categories.count
        func x(_ i: Int) -> Double { left + (n == 1 ? 0.5 : Double(i) / Double(n - 1)) * (width - left - right) }
        var body = frame(axis) + categoryLabels(categories, at: x)
        for band in bands {
            let upper = band.high.enumerated().map { "\(f(x($0))),\(f(y($1, axis)))" }
            let lower = band.low.enumerated().reversed().map { "\(f(x($0))),\(f(y($1, axis)))" }
            body +=
                "<polygon data-mark=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(band.color)\" fill-opacity=\"\(band.opacity)\" stroke=\"none\"><title>\(HTML.escape(band.label))</title></polygon>"
        }
        for line in lines {
            let points = line.values.enumerated().compactMap { i, v in v.map { "\(f(x(i))),\(f(y($0, axis)))" } }
            body +=
                "<polyline data-mark=\"line\" points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2.2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")><title>\(HTML.escape(line.label))</title></polyline>"
            for (i, v) in line.values.enumerated() {
                if let v {
                    body +=
                        "<circle data-mark=\"point\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v, axis)))\" r=\"2.6\" fill=\"\(line.color)\"><title>\(HTML.escape(line.label)) \(HTML.escape(categories[i])): \(HTML.escape(format(v)))</title></circle>"
                }
            }
        }
        let legend =
            bands.map { Key(label: $0.label, color: $0.color, opacity: $0.opacity) }
            + lines.map { Key(label: $0.label, color: $0.color, line: true, dashed: $0.dashed) }
        return svg(title, body, legend: legend)
    }

    /// Grouped vertical bars: one group per category, one bar per series; optional
    /// whiskers (an interval) per series and category.
    public func bars(
        _ title: String, categories: [String], series: [(label: String, values: [Double])],
        whiskers: [[(low: Double, high: Double)]]? = nil
    ) -> String {
        // Long names (what-ifs) wrap under their bars: the chart grows to hold their lines.
        var chart = self
        let slot = (width - left - right) / Double(max(categories.count, 1))
        let lines = categories.map { Self.wrap($0, width: slot).count }.max() ?? 1
        chart.height += Double(lines - 1) * Self.labelLineHeight
        chart.bottom += Double(lines - 1) * Self.labelLineHeight
        return chart.drawBars(title, categories: categories, series: series, whiskers: whiskers)
    }

    private func drawBars(
        _ title: String, categories: [String], series: [(label: String, values: [Double])],
        whiskers: [[(low: Double, high: Double)]]?
    ) -> String {
        let all = series.flatMap(\.values) + (whiskers ?? []).flatMap { $0.flatMap { [$0.low, $0.high] } }
        let axis = NiceAxis(min: all.min() ?? 0, max: all.max() ?? 1, includeZero: true)
        let n = categories.count, k = max(series.count, 1)
        let slot = (width - left - right) / Double(max(n, 1)), barWidth = slot * 0.72 / Double(k)
        func x(_ i: Int) -> Double { left + slot * (Double(i) + 0.5) }
        var body = frame(axis) + categoryLabels(categories, at: x)
        let zeroY = y(0, axis)
        for (s, serie) in series.enumerated() {
            let color = Self.palette[s % Self.palette.count]
            for (i, v) in serie.values.enumerated() {
                let bx = x(i) - slot * 0.36 + Double(s) * barWidth, by = y(v, axis)
                body +=
                    "<rect data-mark=\"bar\" x=\"\(f(bx))\" y=\"\(f(min(by, zeroY)))\" width=\"\(f(max(barWidth - 1.5, 1)))\" height=\"\(f(max(abs(zeroY - by), 0.8)))\" fill=\"\(color)\"><title>\(HTML.escape(serie.label)) \(HTML.escape(categories[i])): \(HTML.escape(format(v)))</title></rect>"
                if let w = whiskers?[s][i] {
                    let cx = bx + barWidth / 2
                    body +=
                        "<path data-mark=\"interval\" d=\"M\(f(cx)) \(f(y(w.low, axis)))V\(f(y(w.high, axis)))M\(f(cx - 4)) \(f(y(w.low, axis)))h8M\(f(cx - 4)) \(f(y(w.high, axis)))h8\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>"
                }
            }
        }
        return svg(
            title, body,
            legend: series.count > 1
                ? series.enumerated().map { Key(label: $1.label, color: Self.palette[$0 % Self.palette.count]) } : [])
    }

    func y(_ v: Double, _ axis: NiceAxis) -> Double {
        top + (1 - (v - axis.low) / (axis.high - axis.low)) * (height - top - bottom)
    }

    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    func frame(_ axis: NiceAxis) -> String {
        var out = ""
        for tick in axis.ticks {
            let ty = y(tick, axis)
            out +=
                "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(ty))\" y2=\"\(f(ty))\" stroke=\"\(tick == 0 ? "#555" : "#ddd")\" stroke-width=\"1\"/>"
            out +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(ty + 4))\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(format(tick)))</text>"
        }
        return out
    }

    func categoryLabels(_ categories: [String], at x: (Int) -> Double) -> String {
        let every = max(1, Int((Double(categories.count) / 10).rounded(.up)))
        let room = categories.count > every ? abs(x(every) - x(0)) : width - left - right
        return categories.enumerated().filter { $0.offset % every == 0 }.map { i, c in
            let wrapped = Self.wrap(c, width: room)
            let lines =
                wrapped.count == 1
                ? [HTML.escape(c)]
                : wrapped.enumerated().map { k, line in
                    "<tspan x=\"\(f(x(i)))\" dy=\"\(k == 0 ? "0" : f(Self.labelLineHeight))\">\(HTML.escape(line))</tspan>"
                }
            return
                "<text x=\"\(f(x(i)))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(lines.joined())</text>"
        }.joined()
    }

    static let labelLineHeight = 13.0

    /// A label in lines no wider than `width` (11px text, about 6.2px a character), broken
    /// between words: what-ifs' names side by side no longer run into one another.
    static func wrap(_ label: String, width: Double) -> [String] {
        let fits = max(4, Int(width * 0.92 / 6.2))
        var lines: [String] = []
        for word in label.split(separator: " ") {
            if let last = lines.last, last.count + 1 + word.count <= fits {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(String(word))
            }
        }
        return lines.isEmpty ? [label] : lines
    }

    /// One legend entry: a swatch for a band or a bar, a line (dashed as its line is) for a
    /// line, so a dashed trend and a solid median never look alike in the legend.
    struct Key {
        var label: String, color: String, opacity = 1.0, line = false, dashed = false
    }

    /// The chart with its legend below, wrapped onto as many rows as it needs.
    func svg(_ title: String, _ body: String, legend: [Key]) -> String {
        var keys = ""
        var lx = left, row = 0
        for key in legend {
            let width = 28 + Double(key.label.count) * 6.2
            if lx + width > self.width && lx > left { row += 1; lx = left }
            let ly = height - 16 + Double(row) * 16
            keys +=
                key.line
                ? "<line x1=\"\(f(lx))\" y1=\"\(f(ly + 5))\" x2=\"\(f(lx + 12))\" y2=\"\(f(ly + 5))\" stroke=\"\(key.color)\" stroke-width=\"2.2\"\(key.dashed ? " stroke-dasharray=\"4 2\"" : "")/>"
                : "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"12\" height=\"10\" fill=\"\(key.color)\" fill-opacity=\"\(max(key.opacity, 0.35))\"/>"
            keys += "<text x=\"\(f(lx + 16))\" y=\"\(f(ly + 9))\" class=\"legend\">\(HTML.escape(key.label))</text>"
            lx += width
        }
        let total = height + Double(row) * 16
        return
            "<svg viewBox=\"0 0 \(Int(width)) \(Int(total))\" role=\"img\" aria-label=\"\(HTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTML.escape(title))</title>\(body)\(keys)</svg>"
    }
}

/// A value axis with round tick values covering min...max.
struct NiceAxis {
    var low, high: Double
    var ticks: [Double]

    init(min lo: Double, max hi: Double, includeZero: Bool) {
        var lo = lo, hi = hi
        if includeZero { lo = Swift.min(lo, 0); hi = Swift.max(hi, 0) }
        if hi - lo < 1e-9 {
            hi = lo + Swift.max(abs(lo) * 0.1, 1); lo -= Swift.max(abs(lo) * 0.1, 1) * (includeZero && lo == 0 ? 0 : 1)
        }
        let raw = (hi - lo) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        low = floor(lo / step) * step
        high = ceil(hi / step) * step
        ticks = stride(from: low, through: high + step / 2, by: step).map { abs($0) < step / 1e6 ? 0 : $0 }
    }
}
