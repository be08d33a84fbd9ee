/// Splits CSV text into lines and fields, byte by byte, RFC 4180 read strictly: a field
/// in double quotes may hold commas and doubled quotes (`"a, ""b"""`), and its closing
/// quote must end the field. Everything else a lenient reader would guess at is a
/// problem at its column instead: a quote inside an unquoted field, text after a closing
/// quote (`"A"x` was read as `Ax`, and `"A,"B` as the one field `A,B`, a field short), a
/// quote still open at the end of the line, and control characters (which no table holds
/// and which no YAML scalar can carry). Lines end with LF, CRLF or CR; quoted fields
/// never span lines (no file hnf reads has them, and they would make line numbers lie).
///
/// Both CSV readers build on it: `LocatedCSV` (the files an LA or witan.send gives) and
/// `NationalCSV` (the shipped national tables). Working on bytes keeps a 100,000-row file
/// to a fraction of a second where walking `Character`s took seconds.
public enum CSVSplitter {
    public struct Field: Sendable {
        public var text: String
        /// 1-based, counted in Unicode scalars from the start of the line.
        public var column: Int
        public var quoted: Bool
    }

    public struct Problem: Error, Sendable {
        public var column: Int
        public var found: String
        public var expected: String
    }

    /// One line: its 1-based number and the byte range of its text (without the line end).
    public struct Line: Sendable {
        public var number: Int
        public var range: Range<Int>
    }

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// The lines of `bytes`, blank ones included; a line end at the very end starts no line.
    public static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Line] {
        var lines: [Line] = []
        var start = 0, i = 0, number = 1
        while i < bytes.count {
            let byte = bytes[i]
            if byte == newline || byte == carriageReturn {
                lines.append(Line(number: number, range: start..<i))
                number += 1
                i += byte == carriageReturn && i + 1 < bytes.count && bytes[i + 1] == newline ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        if start < bytes.count { lines.append(Line(number: number, range: start..<bytes.count)) }
        return lines
    }

    /// Whether the last byte ends a line (a file cut short does not).
    public static func endsWithLineEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = bytes.last else { return true }
        return last == newline || last == carriageReturn
    }

    /// The bytes after a UTF-8 byte order mark, which Excel writes at the start of "CSV UTF-8".
    public static func contentStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The fields of one line (a blank line is one empty field).
    public static func fields(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(Problem) -> [Field] {
        var fields: [Field] = []
        var cursor = Cursor(position: range.lowerBound, column: 1)
        while true {
            let field = try readField(bytes, end: range.upperBound, &cursor)
            fields.append(field)
            guard cursor.position < range.upperBound else { return fields }
            cursor.step(bytes)  // the comma
        }
    }

    /// Where the reader is: a byte offset and the column of the scalar there.
    struct Cursor {
        var position: Int
        var column: Int

        mutating func step(_ bytes: UnsafeBufferPointer<UInt8>) {
            position += 1
            // A column per scalar: continuation bytes (10xxxxxx) start none.
            if position >= bytes.count || bytes[position] & 0xC0 != 0x80 { column += 1 }
        }
    }

    /// One field from the cursor, leaving the cursor on the comma after it (or the line's end).
    static func readField(
        _ bytes: UnsafeBufferPointer<UInt8>, end: Int, _ cursor: inout Cursor
    ) throws(Problem)
        -> Field
    {
        let start = cursor
        var probe = cursor
        while probe.position < end, bytes[probe.position] == space || bytes[probe.position] == tab {
            probe.step(bytes)
        }
        if probe.position < end, bytes[probe.position] == quote {
            cursor = probe
            return try readQuoted(bytes, end: end, &cursor)
        }
        // Printable ASCII is nearly every byte of every table: scan it without the cursor.
        var i = cursor.position
        while i < end {
            let byte = bytes[i]
            if byte == comma { break }
            if byte == quote || byte < 0x20 || byte >= 0x7F {
                let here = Cursor(position: i, column: column(of: i, from: start, bytes))
                if byte == quote {
                    throw Problem(
                        column: here.column, found: "a double quote inside an unquoted field",
                        expected: "the whole field in double quotes, each quote in it doubled (\"a \"\"b\"\"\")")
                }
                try checkPrintable(bytes, end: end, here)
            }
            i += 1
        }
        cursor = Cursor(position: i, column: column(of: i, from: start, bytes))
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start.position..<i]), as: UTF8.self)
        return Field(text: text, column: start.column, quoted: false)
    }

    /// The column of byte `i`, counting the scalars that start after `from`.
    static func column(of i: Int, from: Cursor, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var column = from.column
        for j in from.position..<i where j + 1 >= bytes.count || bytes[j + 1] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// A field in double quotes, from its opening quote; only spaces may follow the closing one.
    static func readQuoted(
        _ bytes: UnsafeBufferPointer<UInt8>, end: Int, _ cursor: inout Cursor
    ) throws(Problem)
        -> Field
    {
        let opening = cursor
        var text: [UInt8] = []
        cursor.step(bytes)
        while true {
            guard cursor.position < end else {
                throw Problem(
                    column: opening.column, found: "a quoted field that does not end on its line",
                    expected: "a closing double quote")
            }
            let byte = bytes[cursor.position]
            if byte == quote {
                if cursor.position + 1 < end, bytes[cursor.position + 1] == quote {
                    text.append(quote)
                    cursor.step(bytes)
                    cursor.step(bytes)
                    continue
                }
                cursor.step(bytes)
                break
            }
            try checkPrintable(bytes, end: end, cursor)
            text.append(byte)
            cursor.step(bytes)
        }
        while cursor.position < end, bytes[cursor.position] == space || bytes[cursor.position] == tab {
            cursor.step(bytes)
        }
        if cursor.position < end, bytes[cursor.position] != comma {
            throw Problem(
                column: cursor.column,
                found: "text after the closing quote of the field that starts at column \(opening.column)",
                expected:
                    "a comma or the end of the line after a closing quote (a quote inside a field is written \"\")")
        }
        return Field(text: String(decoding: text, as: UTF8.self), column: opening.column, quoted: true)
    }

    /// Control characters (other than tab) and the Unicode line separators NEL, LS and PS
    /// are refused where they stand.
    static func checkPrintable(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, _ cursor: Cursor) throws(Problem) {
        let byte = bytes[cursor.position], i = cursor.position
        let control = (byte < 0x20 && byte != tab) || byte == 0x7F
        let nel = byte == 0xC2 && i + 1 < end && bytes[i + 1] == 0x85
        let separator = byte == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && (bytes[i + 2] | 1) == 0xA9
        guard control || nel || separator else { return }
        let code = control ? Int(byte) : nel ? 0x85 : 0x2000 + Int(bytes[i + 2] - 0x80)
        throw Problem(
            column: cursor.column,
            found: "the control character U+\(String(code, radix: 16, uppercase: true).leftPadded(4))",
            expected: "printable text")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
