import HNFCore

extension SVGChart {
    /// One step of a waterfall: a total (drawn from zero) or a change (drawn from the
    /// running total before it).
    public struct Step {
        public var label: String, value: Double, isTotal: Bool
        public init(_ label: String, _ value: Double, total: Bool = false) {
            self.label = label
            self.value = value
            self.isTotal = total
        }
    }

    /// A waterfall laid on its side (labels down the left, as they are long): each total a
    /// bar from zero, each change a bar from where the one before ended, red where spend
    /// rises and green where it falls, with its figure beside it. The axis includes zero, so
    /// the totals' bars are true to scale.
    public func waterfall(_ title: String, steps: [Step]) -> String {
        var chart = self
        chart.left = min(170, 12 + Double(steps.map(\.label.count).max() ?? 4) * 6.4)
        chart.right = 70
        chart.height = 30 + Double(steps.count) * 26 + chart.bottom
        var running = 0.0
        let spans: [(from: Double, to: Double)] = steps.map { step in
            let from = step.isTotal ? 0 : running
            running = step.isTotal ? step.value : running + step.value
            return (from, running)
        }
        let axis = NiceAxis(
            min: spans.flatMap { [$0.from, $0.to] }.min() ?? 0, max: spans.flatMap { [$0.from, $0.to] }.max() ?? 1,
            includeZero: true)
        func x(_ v: Double) -> Double {
            chart.left + (v - axis.low) / (axis.high - axis.low) * (chart.width - chart.left - chart.right)
        }
        let slot = (chart.height - chart.top - chart.bottom) / Double(max(steps.count, 1))
        var body = chart.valueTicks(axis, at: x)
        for (i, (step, span)) in zip(steps, spans).enumerated() {
            let y = chart.top + slot * Double(i), lo = min(span.from, span.to), hi = max(span.from, span.to)
            let color = step.isTotal ? Self.palette[0] : (step.value > 0 ? Self.palette[1] : Self.palette[4])
            let figure = step.isTotal ? format(step.value) : Self.signed(format(step.value), step.value)
            body +=
                "<text x=\"\(f(chart.left - 6))\" y=\"\(f(y + slot * 0.62))\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(step.label))</text>"
            body +=
                "<rect data-mark=\"bar\" x=\"\(f(x(lo)))\" y=\"\(f(y + slot * 0.18))\" width=\"\(f(max(x(hi) - x(lo), 0.8)))\" height=\"\(f(slot * 0.64))\" fill=\"\(color)\"><title>\(HTML.escape(step.label)): \(HTML.escape(figure))</title></rect>"
            body +=
                "<text x=\"\(f(x(hi) + 4))\" y=\"\(f(y + slot * 0.62))\" class=\"tick\">\(HTML.escape(figure))</text>"
            if i + 1 < steps.count {
                // Where this step ends, the next begins: a dotted rule between them.
                body +=
                    "<line x1=\"\(f(x(span.to)))\" x2=\"\(f(x(span.to)))\" y1=\"\(f(y + slot * 0.82))\" y2=\"\(f(y + slot * 1.18))\" stroke=\"#555\" stroke-dasharray=\"2 2\"/>"
            }
        }
        return chart.svg(title, body, legend: [])
    }

    /// Vertical grid lines and their figures under a horizontal value axis.
    func valueTicks(_ axis: NiceAxis, at x: (Double) -> Double) -> String {
        axis.ticks.map { tick in
            "<line x1=\"\(f(x(tick)))\" x2=\"\(f(x(tick)))\" y1=\"\(f(top))\" y2=\"\(f(height - bottom))\" stroke=\"\(tick == 0 ? "#555" : "#ddd")\"/>"
                + "<text x=\"\(f(x(tick)))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(format(tick)))</text>"
        }.joined()
    }

    /// A change's figure with its sign: "+£63.5m", "−£3.7m" (the format gives the minus).
    static func signed(_ text: String, _ value: Double) -> String {
        value > 0 && !text.hasPrefix("+") ? "+" + text : text
    }
}
