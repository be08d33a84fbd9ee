/// Numbers as the tables hnf reads write them: digits, with an optional minus sign and an
/// optional point followed by more digits (`12`, `-0.5`, `44867520326.84`).
///
/// Swift's `Double("…")` and `Int("…")` read much more — `0x10` (16), `1e3`, `inf`,
/// `nan`, `.5`, `5.`, `+5` — so a cell an LA typed wrong became a number nobody wrote.
/// Every reader checks the text here first and only then converts it (with the standard
/// conversion, so a value reads exactly as it did).
public enum PlainDecimal {
    /// How much more than bare digits a file may write.
    public struct Form: Sendable {
        /// `1,234,567`: commas between groups of three digits (a spreadsheet's number format).
        public var thousands = false
        /// `1e+05`, `2.5E-3`: a decimal exponent (R and Clojure write large counts so).
        public var exponent = false

        public init(thousands: Bool = false, exponent: Bool = false) {
            self.thousands = thousands
            self.exponent = exponent
        }

        public static let plain = Form()
    }

    /// The number `text` writes in `form`; nil when it is not one.
    public static func number(_ text: String, _ form: Form = .plain) -> Double? {
        var text = text
        guard text.withUTF8({ isDecimal($0, form) }) else { return nil }
        if form.thousands, text.utf8.contains(UInt8(ascii: ",")) { text.removeAll { $0 == "," } }
        return Double(text)
    }

    /// The whole number `text` writes (digits, an optional minus sign); nil otherwise.
    public static func integer(_ text: String) -> Int? {
        var text = text
        let digits = text.withUTF8 { utf8 in
            let sign = utf8.first == UInt8(ascii: "-") ? 1 : 0
            return utf8.count > sign && utf8[sign...].allSatisfy(isDigit)
        }
        return digits ? Int(text) : nil
    }

    /// Whether the bytes are a decimal number in `form`.
    static func isDecimal(_ utf8: UnsafeBufferPointer<UInt8>, _ form: Form) -> Bool {
        var i = utf8.first == UInt8(ascii: "-") ? 1 : 0
        guard digitRun(utf8, &i, thousands: form.thousands) else { return false }
        if i < utf8.count, utf8[i] == UInt8(ascii: ".") {
            i += 1
            guard digitRun(utf8, &i, thousands: false) else { return false }
        }
        if form.exponent, i < utf8.count, utf8[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < utf8.count, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") { i += 1 }
            guard digitRun(utf8, &i, thousands: false) else { return false }
        }
        return i == utf8.count
    }

    /// Reads digits from `i` (with `thousands`, optionally grouped: 1-3 digits, then
    /// ",ddd" groups); false when there are none or a group is the wrong length.
    static func digitRun(_ utf8: UnsafeBufferPointer<UInt8>, _ i: inout Int, thousands: Bool) -> Bool {
        let start = i
        while i < utf8.count, isDigit(utf8[i]) { i += 1 }
        guard i > start else { return false }
        guard thousands, i < utf8.count, utf8[i] == UInt8(ascii: ",") else { return true }
        guard i - start <= 3 else { return false }
        while i < utf8.count, utf8[i] == UInt8(ascii: ",") {
            let group = (i + 1)..<(i + 4)
            guard group.upperBound <= utf8.count, utf8[group].allSatisfy(isDigit) else { return false }
            i = group.upperBound
        }
        return i == utf8.count || !isDigit(utf8[i])
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
