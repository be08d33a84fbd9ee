import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension DistrictEstimate {
    public static let schema = "hnf.district-estimate.v1"

    /// The one line that says what the check found, for Docs/validation.md and every locality caveat.
    public var finding: String {
        let s = Dictionary(uniqueKeysWithValues: plans.map { ($0.method, $0) })
        let byAge = s[.byAge]?.medianError ?? .nan, population = s[.population]?.medianError ?? .nan
        let deprivation = s[.deprivation]?.medianError ?? .nan
        let ages =
            byAge < population
            ? "sharing each age's plans by the children of that age misses a unitary's plans by a median \(Self.percent(byAge)), against \(Self.percent(population)) for an all-age population share"
            : "sharing by the children of each age (\(Self.percent(byAge))) does not beat an all-age population share (\(Self.percent(population)))"
        // Deprivation earns its place only if it lowers both the median and the mean error.
        let adds =
            deprivationHelps
            ? "deprivation improves it to \(Self.percent(deprivation))"
            : "deprivation adds nothing out of sample (median \(Self.percent(deprivation)), mean \(Self.percent(s[.deprivation]?.meanError ?? .nan)) against \(Self.percent(s[.byAge]?.meanError ?? .nan))), so hnf shares plans by the children of each age"
        return "Out of sample (\(unitaries) unitary LAs as districts of their regions), \(ages); \(adds)."
    }

    /// Whether the deprivation fit beats the split by age on both median and mean error.
    public var deprivationHelps: Bool {
        let s = Dictionary(uniqueKeysWithValues: plans.map { ($0.method, $0) })
        guard let d = s[.deprivation], let a = s[.byAge] else { return false }
        return d.medianError < a.medianError && d.meanError < a.meanError
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return renderJSON()
        case .csv:
            var lines = [Text.csvLine(["measure", "method", "median_abs_error", "mean_abs_error", "within_10pc"])]
            for (measure, scores) in [("plans", plans), ("mainstream_plans", mainstream)] {
                for s in scores {
                    lines.append(
                        Text.csvLine([
                            measure, s.method.rawValue, String(format: "%.4f", s.medianError),
                            String(format: "%.4f", s.meanError), String(format: "%.4f", s.within10),
                        ]))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        }
    }

    func renderJSON() -> String {
        func scores(_ s: [Score]) -> [[String: Any]] {
            s.map {
                [
                    "method": $0.method.rawValue, "median_abs_error": $0.medianError, "mean_abs_error": $0.meanError,
                    "within_10pc": $0.within10,
                ]
            }
        }
        func effect(_ e: (estimate: Double, lower: Double, upper: Double)) -> [String: Double] {
            ["per_10_points": e.estimate, "p5": e.lower, "p95": e.upper]
        }
        return JSONOutput.encode([
            "schema": Self.schema, "year": year, "unitaries": unitaries, "regions": regions,
            "plans": scores(plans), "mainstream_plans": scores(mainstream),
            "deprivation_effect": effect(deprivationEffect), "mainstream_deprivation_effect": effect(mainstreamEffect),
            "finding": finding, "report": document.jsonObject,
        ])
    }
}
