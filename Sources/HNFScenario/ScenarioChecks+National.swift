import HNFCore

/// What `run` needs from the national SEN2 data, checked by `validate` so that a scenario
/// that validates also runs: the area `meta.area` names, and a January caseload for each
/// history year from the opening balance to the base year.
extension ScenarioChecks {
    static func nationalNeeds(_ document: SourceNode, national: () throws -> NationalData) -> [Diagnostic] {
        let areaNode = document["meta"]?["area"]
        let opening = document["budget"]?["opening_balance"]?["year"]
        guard let base = document["meta"]?["base_year"]?.integer else { return [] }
        let needsHistory = (opening?.integer).map { $0 < base } ?? false
        guard areaNode != nil || needsHistory else { return [] }
        let data: NationalData
        do { data = try national() } catch let damaged as InvalidInput {
            // Tables that are there but fail their checks are refused, whatever needs them.
            return damaged.diagnostics
        } catch {
            // Without national data only the history needs it (the rest is optional context).
            guard needsHistory, let opening else { return [] }
            return [
                Diagnostic(
                    at: opening.location, keyPath: "budget.opening_balance.year",
                    found: "\(opening.integer!), before the base year \(base), without national SEN2 data (\(error))",
                    expected:
                        "national SEN2 data (--national-data) to cost the years before the base year, or an opening balance in the base year"
                )
            ]
        }
        var out: [Diagnostic] = []
        var area: Area?
        if let areaNode, let code = areaNode.text {
            do { area = try data.area(named: code) } catch {
                out.append(
                    Diagnostic(
                        at: areaNode.location, keyPath: "meta.area",
                        found: "\"\(code)\", which is not an area in the national SEN2 data",
                        expected: "an LA code or name of the SEN2 data, e.g. \"886\" for Kent"))
            }
        }
        if needsHistory, let opening, let first = opening.integer {
            guard let area else {
                if areaNode == nil {
                    out.append(
                        Diagnostic(
                            at: opening.location, keyPath: "budget.opening_balance.year",
                            found:
                                "\(first), before the base year \(base), with no SEN2 area (meta.area) to cost the years between",
                            expected:
                                "the base year or later, or meta.area naming the LA whose SEN2 counts cost the years before it"
                        ))
                }
                return out
            }
            let missing = (first..<base).filter { data.caseload(of: area, in: $0 + 1) == nil }
            if let year = missing.first {
                out.append(
                    Diagnostic(
                        at: opening.location, keyPath: "budget.opening_balance.year",
                        found: "\(first): SEN2 has no January \(year + 1) caseload for \(area.name)",
                        expected:
                            "a year whose following January is in the SEN2 data (\(data.years.map(String.init).joined(separator: ", ")))"
                    ))
            }
        }
        return out
    }
}
