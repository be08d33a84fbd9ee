import HNFCore

/// `hnf localities backtest` as a report document: how well each way of sharing plans
/// between districts does out of sample, then what the fit across LAs found and what that
/// means for a locality's plans. Table, Markdown and workbook render it; JSON carries it
/// under `report` beside its own keys.
extension DistrictEstimate {
    public var document: ReportDocument {
        func effect(_ e: (estimate: Double, lower: Double, upper: Double)) -> String {
            "\(Text.decimal1(e.estimate * 100, signed: true))% per 10 points of deprivation score (90% interval \(Text.decimal1(e.lower * 100, signed: true))% to \(Text.decimal1(e.upper * 100, signed: true))%)"
        }
        return ReportDocument(
            title: "Plans by district, estimated and checked",
            lead:
                "Each of \(unitaries) unitary LAs treated as a district of its region (\(regions) regions), its plans in January \(year) shared out of the region's unitaries' and compared with its own SEN2 count; each left out of the fit that estimates it.",
            blocks: [
                .table(scores("plans", "Plans, shared by", plans)),
                .table(scores("mainstream-plans", "Mainstream plans, given the plans, by", mainstream)),
                .note(
                    ReportNote(
                        .info,
                        [
                            "Fitted across every LA (GSL least squares): plans per child, standardised for age, \(effect(deprivationEffect)); odds of a plan being in mainstream \(effect(mainstreamEffect)).",
                            finding,
                            "Districts of one LA share its policy, which unitaries do not: a district's error should be smaller than these.",
                        ])),
            ],
            attribution: "Sources: \(Districts.populationSource); \(Districts.deprivationSource). \(Attribution.sen2)")
    }

    func scores(_ id: String, _ title: String, _ scores: [Score]) -> ReportTable {
        func share(_ v: Double) -> ReportCell { ReportCell(Self.percent(v), .percent, value: v * 100) }
        return ReportTable(
            id: id, title: title,
            [["Method", "Median error", "Mean error", "Within 10%"]]
                + scores.map {
                    [ReportCell($0.method.rawValue), share($0.medianError), share($0.meanError), share($0.within10)]
                })
    }
}
