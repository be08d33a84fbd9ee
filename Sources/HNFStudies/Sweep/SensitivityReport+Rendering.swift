import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension SensitivityReport {
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(json)
        case .csv: return csv
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        }
    }

    var isTornado: Bool { design == .oneAtATime }

    var json: [String: Any] {
        var out: [String: Any] = [
            "schema": "hnf.sweep-report.v1", "sweep": name, "design": design.rawValue, "metric": metric,
            "year": year, "base_mean": baseMean, "runs": runs,
            "areas": areas.map { ["code": $0.code, "name": $0.name ?? NSNull()] as [String: Any] },
            "report": document.jsonObject,
        ]
        if isTornado {
            out["tornado"] = bars.map {
                [
                    "parameter": $0.parameter, "low": $0.low, "high": $0.high, "low_effect": $0.lowEffect,
                    "high_effect": $0.highEffect, "swing": $0.swing,
                ] as [String: Any]
            }
        } else {
            out["coefficients"] = coefficients.map {
                ["parameter": $0.parameter, "standardised_regression": $0.standardised, "spearman": $0.spearman]
                    as [String: Any]
            }
            out["r_squared"] = rSquared ?? NSNull()
            out["constant"] = constants.map {
                ["parameter": $0.parameter, "value": $0.value, "mean_change": $0.meanChange] as [String: Any]
            }
        }
        return out
    }

    var csv: String {
        var lines: [[String]]
        if isTornado {
            lines = [["rank", "parameter", "low", "high", "low_effect", "high_effect", "swing"]]
            lines += bars.enumerated().map { i, b in
                ["\(i + 1)", b.parameter, "\(b.low)", "\(b.high)", "\(b.lowEffect)", "\(b.highEffect)", "\(b.swing)"]
            }
        } else {
            lines = [["rank", "parameter", "standardised_regression", "spearman", "value", "mean_change"]]
            lines += coefficients.enumerated().map { i, c in
                ["\(i + 1)", c.parameter, "\(c.standardised)", "\(c.spearman)", "", ""]
            }
            lines += constants.map { ["", $0.parameter, "", "", "\($0.value)", "\($0.meanChange)"] }
        }
        return lines.map(Text.csvLine).joined(separator: "\n") + "\n"
    }

    /// A figure of the metric: £ with thousands, shares and plans with one decimal.
    func figure(_ x: Double, signed: Bool = false) -> String {
        let isMoney = Metric(rawValue: metric)?.isMoney ?? false
        if isMoney {
            let text = "£" + Text.thousands(Int(abs(x).rounded()))
            return x < -0.5 ? "-" + text : (signed && x >= 0.5 ? "+" + text : text)
        }
        return Text.decimal1(x, signed: signed)
    }

    /// A parameter's value as people read it: £ to the pound where the schema says the key
    /// is money (`£5,060`, not `5060.0`), a whole number without its `.0`, else every digit.
    func value(_ x: Double, of parameter: String) -> String {
        if Self.isMoney(parameter) {
            return (x < -0.5 ? "-£" : "£") + Text.thousands(Int(abs(x).rounded()))
        }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : GoalSeek.text(x)
    }

    /// `Averaged over 2 areas: Kent (886), Warwickshire (937).`: the first ten, by name.
    var areasLine: String {
        let named = areas.map { area in area.name.map { "\($0) (\(area.code))" } ?? area.code }
        let shown = named.prefix(10).joined(separator: ", ") + (named.count > 10 ? " and \(named.count - 10) more" : "")
        return areas.count == 1 ? "Area: \(shown)." : "Averaged over \(areas.count) areas: \(shown)."
    }

    /// The report as a document: what was swept, then the tornado (one-at-a-time designs)
    /// or the coefficients and each parameter held at one value (grid and sampled designs).
    public var document: ReportDocument {
        let unit =
            Metric(rawValue: metric).map {
                $0.isMoney ? "financial year \(FinancialYear(year))" : "January \(year)"
            } ?? "\(year)"
        let lead =
            "\(metric), \(unit): mean of the base runs \(figure(baseMean)); \(runs) runs (\(design.rawValue))."
            + (areas.isEmpty ? "" : " " + areasLine)
        let isMoney = Metric(rawValue: metric)?.isMoney ?? false
        func effect(_ x: Double, signed: Bool = true) -> ReportCell {
            ReportCell(figure(x, signed: signed), isMoney ? .pounds : .rate, value: x)
        }
        var blocks: [ReportBlock] = []
        if isTornado {
            blocks.append(
                .table(
                    ReportTable(
                        id: "tornado",
                        title:
                            "Tornado: change of the mean against the base at each parameter's lowest and highest value, largest swing first",
                        [["Parameter", "Low", "High", "Effect at low", "Effect at high", "Swing"]]
                            + bars.map { b in
                                [
                                    ReportCell(b.parameter), lever(b.low, of: b.parameter),
                                    lever(b.high, of: b.parameter), effect(b.lowEffect), effect(b.highEffect),
                                    effect(b.swing, signed: false),
                                ]
                            })))
        } else {
            if !coefficients.isEmpty {
                blocks.append(
                    .table(
                        ReportTable(
                            id: "coefficients",
                            title:
                                "Standardised regression coefficients (change against the base on every parameter at once\(rSquared.map { String(format: ", R² %.3f", $0) } ?? "")) and Spearman rank correlations, largest first",
                            [["Parameter", "SRC", "Spearman"]]
                                + coefficients.map { c in
                                    [
                                        ReportCell(c.parameter),
                                        ReportCell(
                                            String(format: "%+.3f", c.standardised), .rate, value: c.standardised),
                                        ReportCell(String(format: "%+.3f", c.spearman), .rate, value: c.spearman),
                                    ]
                                })))
            }
            if !constants.isEmpty {
                blocks.append(
                    .note(
                        ReportNote(
                            .info,
                            constants.map {
                                "\($0.parameter) = \(value($0.value, of: $0.parameter)) in every run: \(figure($0.meanChange, signed: true)) on average against the base"
                            })))
            }
        }
        return ReportDocument(title: name, lead: lead, blocks: blocks)
    }

    /// A lever's value as a cell: its words (`value(_:of:)`) and the number itself.
    func lever(_ x: Double, of parameter: String) -> ReportCell {
        ReportCell(value(x, of: parameter), Self.isMoney(parameter) ? .pounds : .rate, value: x)
    }

    /// Whether the schema says the swept key is money.
    static func isMoney(_ parameter: String) -> Bool {
        KeyPath.parse(parameter).flatMap { FundingRegistry.standard.scenario.at($0) }?.isMoney == true
    }
}
