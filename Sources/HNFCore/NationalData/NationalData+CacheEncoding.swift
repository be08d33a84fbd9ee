import Crypto
import Foundation

/// The bytes of a cached table (`NationalData+Cache.swift`): a header, then the payload.
///
///     "hnf-rows"  key (32 bytes)  payload length (u64)  payload SHA-256 (32 bytes)
///     payload: columns, areas, breakdowns (each a count and its strings), then the rows
///              (year, area index, breakdown index) and every row's figures in column order
///
/// Integers are little-endian, figures their IEEE 754 bit patterns (so a cached figure is
/// the parsed one, bit for bit), strings a u32 length and UTF-8. Decoding checks the
/// header, the digest and every length and index, and answers nil rather than trust any.
extension NationalData {
    enum TableEncoding {
        static let magic = Array("hnf-rows".utf8)

        static func encode(_ rows: [Row], key: [UInt8]) -> [UInt8] {
            var payload = ByteWriter()
            let columns = rows.first?.columns.names ?? []
            payload.strings(columns)
            var areas: [Area] = [], areaIndex: [Area: UInt32] = [:]
            var breakdowns: [String] = [], breakdownIndex: [String: UInt32] = [:]
            var keys: [(UInt32, UInt32)] = []
            keys.reserveCapacity(rows.count)
            for row in rows {
                let a =
                    areaIndex[row.area]
                    ?? {
                        areas.append(row.area); return UInt32(areas.count - 1)
                    }()
                areaIndex[row.area] = a
                let b =
                    breakdownIndex[row.breakdown]
                    ?? {
                        breakdowns.append(row.breakdown); return UInt32(breakdowns.count - 1)
                    }()
                breakdownIndex[row.breakdown] = b
                keys.append((a, b))
            }
            payload.integer(UInt32(areas.count))
            for area in areas {
                payload.integer(UInt8(Area.Level.allCases.firstIndex(of: area.level)!))
                payload.strings([area.code, area.name, area.regionCode], counted: false)
            }
            payload.strings(breakdowns)
            payload.integer(UInt32(rows.count))
            for (row, (a, b)) in zip(rows, keys) {
                payload.integer(Int64(row.year))
                payload.integer(a)
                payload.integer(b)
            }
            for row in rows {
                precondition(row.columns === rows[0].columns, "a cached table's rows share one set of columns")
                for figure in row.figures { payload.integer(figure.bitPattern) }
            }
            var header = ByteWriter()
            header.append(magic)
            header.append(key)
            header.integer(UInt64(payload.bytes.count))
            header.append(Array(SHA256.hash(data: payload.bytes)))
            return header.bytes + payload.bytes
        }

        static func decode(_ data: Data, key: [UInt8]) -> [Row]? {
            let headerSize = magic.count + 32 + 8 + 32
            guard data.count >= headerSize else { return nil }
            return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Row]? in
                var header = ByteReader(raw)
                guard header.bytes(magic.count)?.elementsEqual(magic) == true,
                    header.bytes(32)?.elementsEqual(key) == true,
                    let length = header.integer(UInt64.self), length == UInt64(raw.count - headerSize),
                    let digest = header.bytes(32)
                else { return nil }
                let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
                guard SHA256.hash(data: payload).elementsEqual(digest) else { return nil }
                var reader = ByteReader(payload)
                return rows(&reader)
            }
        }

        private static func rows(_ reader: inout ByteReader) -> [Row]? {
            guard let names = reader.strings(), let areas = self.areas(&reader), let breakdowns = reader.strings(),
                let count = reader.integer(UInt32.self).map(Int.init)
            else { return nil }
            let columns = NumberColumns(names)
            var keys: [(year: Int, area: Int, breakdown: Int)] = []
            keys.reserveCapacity(count)
            for _ in 0..<count {
                guard let year = reader.integer(Int64.self), let a = reader.integer(UInt32.self).map(Int.init),
                    let b = reader.integer(UInt32.self).map(Int.init), areas.indices.contains(a),
                    breakdowns.indices.contains(b)
                else { return nil }
                keys.append((Int(year), a, b))
            }
            let width = names.count
            guard let figures = reader.figures(count * width) else { return nil }
            var rows: [Row] = []
            rows.reserveCapacity(count)
            for (r, key) in keys.enumerated() {
                rows.append(
                    Row(
                        year: key.year, area: areas[key.area], breakdown: breakdowns[key.breakdown], columns: columns,
                        figures: figures[(r * width)..<((r + 1) * width)]))
            }
            return rows
        }

        private static func areas(_ reader: inout ByteReader) -> [Area]? {
            guard let count = reader.integer(UInt32.self) else { return nil }
            var areas: [Area] = []
            for _ in 0..<count {
                guard let level = reader.integer(UInt8.self).map(Int.init), Area.Level.allCases.indices.contains(level),
                    let code = reader.string(), let name = reader.string(), let region = reader.string()
                else { return nil }
                areas.append(Area(level: Area.Level.allCases[level], code: code, name: name, regionCode: region))
            }
            return areas
        }
    }
}

/// Little-endian integers and length-prefixed strings appended to bytes.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ more: [UInt8]) { bytes += more }

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        integer(UInt32(utf8.count))
        bytes += utf8
    }

    /// The strings, after their count unless `counted` is false.
    mutating func strings(_ texts: [String], counted: Bool = true) {
        if counted { integer(UInt32(texts.count)) }
        for text in texts { string(text) }
    }
}

/// Reads what `ByteWriter` wrote; every read past the end answers nil.
struct ByteReader {
    private let raw: UnsafeRawBufferPointer
    private var position = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var remaining: Int { raw.count - position }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer.SubSequence? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return raw[position..<(position + count)]
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard let slice = bytes(MemoryLayout<T>.size) else { return nil }
        return T(littleEndian: UnsafeRawBufferPointer(rebasing: slice).loadUnaligned(as: T.self))
    }

    /// `count` doubles from their little-endian bit patterns, in one buffer.
    mutating func figures(_ count: Int) -> [Double]? {
        guard count >= 0, count <= remaining / 8, let slice = bytes(count * 8) else { return nil }
        let source = UnsafeRawBufferPointer(rebasing: slice)
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                buffer[i] = Double(
                    bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
            initialized = count
        }
    }

    mutating func string() -> String? {
        guard let count = integer(UInt32.self).map(Int.init), let slice = bytes(count) else { return nil }
        return String(validating: slice, as: UTF8.self)
    }

    mutating func strings() -> [String]? {
        guard let count = integer(UInt32.self), Int(count) <= remaining / 4 else { return nil }
        var texts: [String] = []
        for _ in 0..<count {
            guard let text = string() else { return nil }
            texts.append(text)
        }
        return texts
    }
}
