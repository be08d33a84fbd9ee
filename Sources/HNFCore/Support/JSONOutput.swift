import Foundation

/// Deterministic JSON for every report: keys sorted with numbers in them read as numbers
/// (`p5` before `p10`, as Foundation's sorted keys do), two-space indent, no escaped slashes,
/// whole numbers without a decimal point, other numbers in the shortest form that reads
/// back to the same Double.
///
/// Written by hand because Foundation's JSONSerialization spent 4.4 of 5.1 seconds of an
/// England-scale `hnf run --format json` (24 MB) sorting keys through NSString and casting
/// each value; this writer gives byte-identical text in about a fifth of the time. It
/// writes UTF-8 bytes into one buffer (String's append checked capacity and flags for
/// every piece) and recognises the common value types by their dynamic type before any
/// cast: casting a `[String: Double]` held in `Any` to `[String: Any]` copies it.
public enum JSONOutput {
    public static func encode(_ object: Any) -> String {
        var out = JSONBytes()
        out.write(object, indent: 0)
        out.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// "p5" < "p10" < "p50": runs of digits compare as numbers, everything else by scalar.
    /// (On UTF-8 bytes: they order as their scalars do, and a digit is always one byte.)
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in naturalOrder(x, y) } }
    }

    static func naturalOrder(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
        var i = 0, j = 0
        while i < x.count, j < y.count {
            let c = x[i], d = y[j]
            if isDigit(c) && isDigit(d) {
                var m = 0, n = 0
                while i < x.count, isDigit(x[i]) { m = m &* 10 &+ Int(x[i] &- 48); i += 1 }
                while j < y.count, isDigit(y[j]) { n = n &* 10 &+ Int(y[j] &- 48); j += 1 }
                if m != n { return m < n }
                continue
            }
            if c != d { return c < d }
            i += 1; j += 1
        }
        return i == x.count && j < y.count
    }
}

/// The buffer `JSONOutput` writes into.
struct JSONBytes {
    var bytes: [UInt8] = []
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 256)

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func write(_ value: Any, indent: Int) {
        // The types reports hold, by identity (cheap), before the general casts below.
        let type = Swift.type(of: value)
        if type == Double.self { return writeNumber(value as! Double) }
        if type == [String: Any].self { return writeObject((value as! [String: Any]).map { ($0, $1) }, indent) }
        if type == [Any].self { return writeArray(value as! [Any], indent) }
        if type == String.self { return writeString(value as! String) }
        if type == Int.self { return append(String(value as! Int)) }
        if type == [Double].self { return writeArray(value as! [Double], indent) }
        if type == [String: Double].self { return writeObject((value as! [String: Double]).map { ($0, $1) }, indent) }
        if type == [[String: Any]].self { return writeArray(value as! [[String: Any]], indent) }
        if type == [String].self { return writeArray(value as! [String], indent) }
        if type == [Int].self { return writeArray(value as! [Int], indent) }
        switch value {
        case let string as String: writeString(string)
        case let bool as Bool: append(bool ? "true" : "false")
        case let int as Int: append(String(int))
        case let int as Int32: append(String(int))
        case let int as UInt64: append(String(int))
        case let double as Double: writeNumber(double)
        case let dictionary as [String: Any]: writeObject(dictionary.map { ($0, $1) }, indent)
        case let array as [Any]: writeArray(array, indent)
        default: append("null")  // NSNull or an absent optional
        }
    }

    private mutating func writeObject<Value>(_ members: [(String, Value)], _ indent: Int) {
        guard !members.isEmpty else { return empty("{", "}", indent) }
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in members.sorted(by: { JSONOutput.naturalOrder($0.0, $1.0) }) {
            separate(first)
            first = false
            spaces(indent + 2)
            writeString(key)
            append(" : ")
            write(value, indent: indent + 2)
        }
        close("}", indent)
    }

    private mutating func writeArray<Element>(_ elements: [Element], _ indent: Int) {
        guard !elements.isEmpty else { return empty("[", "]", indent) }
        bytes.append(UInt8(ascii: "["))
        for (i, element) in elements.enumerated() {
            separate(i == 0)
            spaces(indent + 2)
            write(element, indent: indent + 2)
        }
        close("]", indent)
    }

    /// Before a member: a line end, after a comma unless it is the first.
    private mutating func separate(_ first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func empty(_ open: String, _ close: String, _ indent: Int) {
        append(open)
        append("\n")
        self.close(close, indent)
    }

    private mutating func close(_ bracket: String, _ indent: Int) {
        append("\n")
        spaces(indent)
        append(bracket)
    }

    private mutating func spaces(_ count: Int) {
        var left = count
        while left > 0 {
            let n = min(left, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<n])
            left -= n
        }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func writeNumber(_ x: Double) {
        guard x.isFinite else { return append("null") }
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 {
            append(String(Int64(x)))
        } else {
            append(x.description)
        }
    }

    /// Escaped as JSON needs. On UTF-8 bytes: every byte of a multi-byte scalar is 0x80 or
    /// more, so the escapes below meet only the one-byte scalars they are for.
    mutating func writeString(_ string: String) {
        var string = string
        bytes.append(UInt8(ascii: "\""))
        string.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                default: append(String(format: "\\u%04x", UInt32(byte)))
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
