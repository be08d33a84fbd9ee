import HighNeeds
import HighNeedsTestSupport
import Testing

@Suite struct RatiosTests {
    let data = TestSupport.national

    /// Every LA, every January, every published group: the share computed from the
    /// counts agrees with the DfE's published percentage to 0.1 pp (the issue asks for
    /// at least 99.5% of values).
    @Test(arguments: [2019, 2020, 2021, 2022, 2023, 2024, 2025])
    func computedSharesAgreeWithPublished(year: Int) throws {
        var agree = 0, total = 0
        for report in try RatiosReport.all(year: year, data: data) {
            for group in PlacementGroup.published {
                guard let published = report.mix.published[group], let computed = report.mix.share(group) else {
                    continue
                }
                total += 1
                if abs(Percent.round1(computed) - published) <= 0.1 + 1e-9 { agree += 1 }
            }
        }
        #expect(total > 700, "expected a published value for most LA-group pairs in \(year)")
        #expect(Double(agree) / Double(total) >= 0.995, "\(agree) of \(total) agree in \(year)")
    }

    @Test func kent2022AgainstEngland() throws {
        let kent = try data.area(named: "Kent")
        #expect(kent.code == "886")
        let report = try RatiosReport(area: kent, year: 2022, data: data)
        #expect(report.share(.mainstream) == 33.5)
        #expect(report.share(.special) == 39.7)
        #expect(report.england.share(.mainstream).map(Percent.round1) == 40.5)
        #expect(report.england.share(.special).map(Percent.round1) == 34.8)
        #expect(report.gap(.mainstream, to: report.england) == -7.0)
        #expect(report.region?.name == "South East")
        #expect(report.mix.plans == 17_733)
    }

    @Test(arguments: [
        ("886", "Kent"), ("kent", "Kent"), ("KENT", "Kent"), ("South East", "South East"),
        ("england", "England"), ("Dorset", "Dorset"),
    ])
    func areasAreFoundByCodeOrName(query: String, name: String) throws {
        #expect(try data.area(named: query).name == name)
    }

    @Test func dorsetByNameIsTheCurrentCode() throws {
        #expect(try data.area(named: "Dorset").code == "838")
    }

    @Test func unknownAreaIsAClearError() {
        #expect(throws: NationalDataError.self) { try data.area(named: "Atlantis") }
    }

    @Test func allLAsSortByGap() throws {
        let table = try RatiosTable(year: 2025, data: data, sortBy: .special, descending: true)
        let gaps = table.reports.compactMap { $0.gap(.special, to: $0.england) }
        #expect(gaps == gaps.sorted(by: >))
        #expect(table.reports.count > 150)
        // Its document: a row an LA (code and name label it) and England's, the sort's group shown.
        let las = try #require(table.document.table("las"))
        #expect(las.labelColumns == 2 && las.rows.count == table.reports.count + 1)
        #expect(las.header.contains("ap %") == false && las.header.contains("special %"))
        #expect(las.rows.last?[1].text == "England")
        #expect(table.render(.table) == table.document.table())
    }

    @Test func englandTotalsMatchTheRelease() throws {
        let expected = [
            2019: 353_995, 2020: 390_109, 2021: 430_697, 2022: 473_255, 2023: 517_048, 2024: 576_474, 2025: 638_745,
        ]
        for (year, plans) in expected {
            #expect(data.caseload(of: data.england, in: year).flatMap(PlacementMix.init(row:))?.plans == plans)
        }
    }
}

@Suite struct SummaryTests {
    /// Quantiles as GSL (and R type 7) define them, on a sample worked by hand.
    @Test func quantilesOfAKnownSample() throws {
        let s = try #require(Summary([5, 1, 4, 2, 3], quantiles: [0, 0.25, 0.5, 0.9, 1]))
        #expect(s.quantiles == [1, 2, 3, 4.6, 5])
        #expect(s.mean == 3)
        #expect(abs(s.sd - 1.5811388300841898) < 1e-12)
        #expect(Summary([]) == nil)
    }
}
