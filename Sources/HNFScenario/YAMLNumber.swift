import Foundation

/// How a number is written into a generated scenario: the one number formatter of the
/// YAML emitter. Each generated figure says how precisely it is known.
public enum YAMLNumber: Sendable {
    /// At most `places` decimals, trailing zeros dropped (`0.25`, `12`): estimates.
    case places(Int)
    /// Whole numbers as integers; others to `digits` significant digits, never with an
    /// exponent (witan.send's inputs, kept as precise as they were read).
    case significant(Int)
    /// Enough digits to read back the same double (`1862.0`, `0.1`): a value solved for.
    case exact

    public func text(_ value: Double) -> String {
        switch self {
        case .places(let places):
            return Self.trimmed(String(format: "%.\(places)f", value))
        case .significant(let digits):
            if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
            var text = String(format: "%.\(digits)g", value)
            if text.contains("e") { text = String(format: "%.10f", value) }
            return text.contains(".") ? String(text.reversed().drop { $0 == "0" }.reversed()) : text
        case .exact:
            return value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : "\(value)"
        }
    }

    /// `12.3400` → `12.34`, `5.000` → `5`.
    static func trimmed(_ fixed: String) -> String {
        guard fixed.contains(".") else { return fixed }
        var text = fixed
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
