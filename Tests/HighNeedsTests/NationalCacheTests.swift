import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFStudies

/// The cache of checked national tables (`NationalData+Cache.swift`) gives back exactly
/// the rows the CSV gives, and never trusts a file that is not the one it wrote for this
/// very table: a damaged, foreign or stale file is read afresh from the CSV.
@Suite struct NationalCacheTests {
    static let layouts: [NationalData.Layout] =
        [NationalData.caseloadLayout, NationalData.s251Layout]
        + [NationalData.Table.caseloadByAge, .needs, .newPlans, .ceasedPlans, .requests].map(\.layout)

    static var directory: URL { TestSupport.national.directory }

    /// Reads `layout` through the cache in `folder`, counting the times the CSV is parsed.
    static func read(
        _ layout: NationalData.Layout, from directory: URL = directory, cache folder: URL, parses: inout Int
    ) throws -> [NationalData.Row] {
        var count = 0
        let rows = try NationalData.TableCache.rows(
            layout, source: directory.appendingPathComponent(layout.file), folder: folder
        ) { () throws(InvalidInput) in
            count += 1
            return try NationalData.readLocated(layout, in: directory).rows
        }
        parses += count
        return rows
    }

    /// Same years, areas, breakdowns, columns and figures, bit for bit (NaN where suppressed).
    static func expectSame(_ a: [NationalData.Row], _ b: [NationalData.Row], _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) rows against \(b.count)")
        for (x, y) in zip(a, b) {
            guard x.year == y.year, x.area == y.area, x.breakdown == y.breakdown, x.columns.names == y.columns.names,
                x.figures.map(\.bitPattern) == y.figures.map(\.bitPattern)
            else {
                Issue.record("\(what): \(x.area.name) \(x.year) \(x.breakdown) differs from the CSV's row")
                return
            }
        }
    }

    @Test(arguments: layouts.map(\.file)) func cachedRowsAreTheCSVsBitForBit(_ file: String) throws {
        let layout = try #require(Self.layouts.first { $0.file == file })
        let folder = ExternalTools.temporaryFolder("national-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let parsed = try NationalData.readLocated(layout, in: Self.directory).rows
        var parses = 0
        let first = try Self.read(layout, cache: folder, parses: &parses)
        let second = try Self.read(layout, cache: folder, parses: &parses)
        #expect(parses == 1, "the second read comes from the cache")
        Self.expectSame(first, parsed, "\(file), first read")
        Self.expectSame(second, parsed, "\(file), from the cache")
        #expect(
            second.contains { $0.figures.contains { $0.isNaN } } == parsed.contains { $0.figures.contains { $0.isNaN } }
        )
    }

    /// Each damage is noticed (the CSV parsed again, its rows returned) and the file replaced
    /// by a good one (the next read needs no parse).
    @Test(arguments: [
        "a payload byte flipped", "cut short", "empty", "a header key byte flipped", "another table's file",
    ])
    func aDamagedCacheFileIsReadAfreshAndReplaced(_ damage: String) throws {
        let layout = NationalData.caseloadLayout
        let folder = ExternalTools.temporaryFolder("national-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        var parses = 0
        let good = try Self.read(layout, cache: folder, parses: &parses)
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("caseload.csv.") })
        let path = folder.appendingPathComponent(file).path
        var bytes = try #require(FileManager.default.contents(atPath: path))
        switch damage {
        case "a payload byte flipped": bytes[bytes.count - 100] ^= 0x40
        case "cut short": bytes = bytes.prefix(bytes.count / 2)
        case "empty": bytes = Data()
        case "a header key byte flipped": bytes[12] ^= 1
        default:
            _ = try Self.read(NationalData.Table.requests.layout, cache: folder, parses: &parses)
            let other = try #require(
                try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("requests.csv.") }
            )
            bytes = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(other).path))
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        parses = 0
        let again = try Self.read(layout, cache: folder, parses: &parses)
        #expect(parses == 1, "\(damage): the CSV is read again")
        Self.expectSame(again, good, damage)
        _ = try Self.read(layout, cache: folder, parses: &parses)
        #expect(parses == 1, "\(damage): the file was replaced by a good one")
    }

    /// A changed table has a different key: its rows are the new file's, not the cached ones.
    @Test func aChangedTableIsReadAfresh() throws {
        let folder = ExternalTools.temporaryFolder("national-cache")
        let data = ExternalTools.temporaryFolder("national-copy")
        defer { for f in [folder, data] { try? FileManager.default.removeItem(at: f) } }
        let layout = NationalData.caseloadLayout
        let source = try String(contentsOf: Self.directory.appendingPathComponent(layout.file), encoding: .utf8)
        try source.write(to: data.appendingPathComponent(layout.file), atomically: true, encoding: .utf8)
        var parses = 0
        let before = try Self.read(layout, from: data, cache: folder, parses: &parses)
        // Two LAs of a region swapped: every check still holds, the rows' order does not.
        var lines = source.components(separatedBy: "\n")
        let la = try #require(lines.indices.first { lines[$0].contains(",la,") && lines[$0 + 1].contains(",la,") })
        lines.swapAt(la, la + 1)
        try lines.joined(separator: "\n").write(
            to: data.appendingPathComponent(layout.file), atomically: true, encoding: .utf8)
        parses = 0
        let after = try Self.read(layout, from: data, cache: folder, parses: &parses)
        #expect(parses == 1)
        #expect(after[la - 1].area == before[la].area && after[la].area == before[la - 1].area)
        Self.expectSame(after, try NationalData.readLocated(layout, in: data).rows, "the changed table")
    }

    /// A table cut short is refused at its line, as without a cache, though the good table is cached.
    @Test func aBrokenTableIsRefusedWhateverIsCached() throws {
        let folder = ExternalTools.temporaryFolder("national-cache")
        let data = ExternalTools.temporaryFolder("national-cut")
        defer { for f in [folder, data] { try? FileManager.default.removeItem(at: f) } }
        let layout = NationalData.caseloadLayout
        var parses = 0
        _ = try Self.read(layout, cache: folder, parses: &parses)
        let source = try #require(
            FileManager.default.contents(atPath: Self.directory.appendingPathComponent(layout.file).path))
        try source.prefix(source.count - 7).write(to: data.appendingPathComponent(layout.file))
        #expect(throws: InvalidInput.self) { try Self.read(layout, from: data, cache: folder, parses: &parses) }
    }

    @Test(
        arguments: [
            (["HNF_CACHE_DIR": "/tmp/x", "HOME": "/root"], "/tmp/x"),
            (["HNF_CACHE_DIR": "off", "HOME": "/root"], nil),
            (["XDG_CACHE_HOME": "/var/cache/me", "HOME": "/root"], "/var/cache/me/hnf"),
            (["XDG_CACHE_HOME": "relative", "HOME": "/root"], "/root/.cache/hnf"),
            (["HOME": "/home/a"], "/home/a/.cache/hnf"),
            ([:], nil),
        ] as [([String: String], String?)])
    func theCacheFolderFollowsTheEnvironment(_ environment: [String: String], _ expected: String?) {
        #expect(NationalData.TableCache.folder(environment: environment)?.path == expected)
    }
}
