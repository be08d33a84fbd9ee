import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension SVGChart {
    /// Horizontal bars, one per category (long names such as localities read better down
    /// the side), with an optional interval per bar.
    public func horizontalBars(
        _ title: String, categories: [String], values: [Double], whiskers: [(low: Double, high: Double)]? = nil
    ) -> String {
        var chart = self
        let labelWidth = min(200, 12 + Double(categories.map(\.count).max() ?? 4) * 6.4)
        chart.left = labelWidth
        chart.height = max(160, 30 + Double(categories.count) * 24 + chart.bottom)
        let all = values + (whiskers ?? []).flatMap { [$0.low, $0.high] }
        let axis = NiceAxis(min: all.min() ?? 0, max: all.max() ?? 1, includeZero: true)
        func x(_ v: Double) -> Double {
            chart.left + (v - axis.low) / (axis.high - axis.low) * (chart.width - chart.left - chart.right)
        }
        let slot = (chart.height - chart.top - chart.bottom) / Double(max(categories.count, 1))
        var body = chart.valueTicks(axis, at: x)
        for (i, v) in values.enumerated() {
            let y = chart.top + slot * Double(i)
            body +=
                "<text x=\"\(f(chart.left - 6))\" y=\"\(f(y + slot * 0.62))\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(categories[i]))</text>"
            body +=
                "<rect data-mark=\"bar\" x=\"\(f(min(x(0), x(v))))\" y=\"\(f(y + slot * 0.18))\" width=\"\(f(max(abs(x(v) - x(0)), 0.8)))\" height=\"\(f(slot * 0.64))\" fill=\"\(Self.palette[0])\"><title>\(HTML.escape(categories[i])): \(HTML.escape(format(v)))</title></rect>"
            if let w = whiskers?[i] {
                let cy = y + slot * 0.5
                body +=
                    "<path data-mark=\"interval\" d=\"M\(f(x(w.low))) \(f(cy))H\(f(x(w.high)))M\(f(x(w.low))) \(f(cy - 4))v8M\(f(x(w.high))) \(f(cy - 4))v8\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>"
            }
        }
        return chart.svg(title, body, legend: [])
    }
}
