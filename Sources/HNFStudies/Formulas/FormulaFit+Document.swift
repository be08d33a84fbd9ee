import HNFCore

/// `hnf fit-formula` as a document: the weights with their variance inflation, the fit,
/// the warnings (a fit refused below `--min-r2`, collinear factors), then each locality's
/// gain or loss, unless the fit is refused.
extension FormulaFit {
    public func document(minimumRSquared minimum: Double = FormulaFit.defaultMinimumRSquared) -> ReportDocument {
        let (refused, warnings) = warnings(minimum: minimum)
        var weightRows: [[ReportCell]] = [["Factor", "Weight", "Variance inflation"]]
        for (k, (f, w)) in zip(factors, weights).enumerated() {
            weightRows.append([
                ReportCell(f), ReportCell(String(format: "%.4f", w)),
                ReportCell(Self.show(collinearity.varianceInflation[k])),
            ])
        }
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "weights", title: "Weights", weightRows)),
            .note(
                ReportNote(
                    .info,
                    [
                        "Fit: R² \(String(format: "%.4f", rSquared)), root mean square error £\(Text.thousands(Int(rootMeanSquareError.rounded()))) a locality; condition number \(Self.show(collinearity.conditionNumber))"
                    ])),
        ]
        blocks += warnings.map { .note(ReportNote(.warning, [$0])) }
        if !refused { blocks.append(.table(gains)) }
        return ReportDocument(
            title: "Formula weights that best reproduce the current allocation",
            lead: "Weights non-negative, adding up to 1; least squares, GSL simplex.", blocks: blocks)
    }

    /// Each locality's allocation now and under the fitted weights.
    var gains: ReportTable {
        func pounds(_ v: Double, signed: Bool = false) -> ReportCell {
            ReportCell((signed && v >= 0.5 ? "+" : "") + Text.thousands(Int(v.rounded())), .pounds, value: v)
        }
        var rows: [[ReportCell]] = [["Locality", "Current £", "Fitted £", "Gain/loss £", "%"]]
        for l in localities {
            let change = l.fitted - l.current
            let percent = l.current > 0 ? change / l.current * 100 : nil
            rows.append([
                ReportCell(l.name), pounds(l.current), pounds(l.fitted), pounds(change, signed: true),
                percent.map { ReportCell(Text.decimal1($0, signed: true), .percent, value: $0) } ?? "-",
            ])
        }
        return ReportTable(id: "gains", title: "Gains and losses by locality", rows)
    }
}
