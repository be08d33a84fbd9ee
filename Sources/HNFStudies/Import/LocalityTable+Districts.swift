import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension LocalityTable {
    /// The CSV `hnf localities template --la` prints: the LA's districts (`Districts`) with
    /// their ONS children by single year of age and their deprivation score, each row with
    /// its sources, for `hnf localities import` (the LA adds its own columns: plans by
    /// setting, pupils on roll, FSM).
    public static func template(districts: [Districts.District], baseYear: Int?) -> String {
        let ages = 0...Phase.maximumAge
        let header = ["id", "name", "source"] + ages.map { "\(agePrefix)\($0)" } + ["deprivation"]
        var out = [header.joined(separator: ",")]
        for d in districts {
            let row =
                [identifier(d.name), d.name, source(of: d, baseYear: baseYear)]
                + ages.map { number(d.population[$0]) } + [String(d.deprivation)]
            out.append(row.map(csvField).joined(separator: ","))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Where a district's figures come from, said once per row.
    static func source(of d: Districts.District, baseYear: Int?) -> String {
        let held =
            baseYear.map {
                $0 > 2021
                    ? ", held at January \($0) (ASSUMPTION: no later estimate by district and age is shipped)" : ""
            } ?? ""
        let deprivation =
            d.deprivationOfLA
            ? "deprivation: its 2023 unitary's score (the district was abolished; mySociety lists the new council)"
            : "deprivation: \(Districts.deprivationSource)"
        return "children: \(Districts.populationSource), \(d.code)\(held); \(deprivation)"
    }

    /// A locality id from a district's name, as Kent's are written: lower case, words joined
    /// by `_`, "and" and punctuation left out (`Folkestone and Hythe` → `folkestone_hythe`).
    public static func identifier(_ name: String) -> String {
        let words = name.lowercased().replacingOccurrences(of: "'", with: "")
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).filter { $0 != "and" }
        let id = words.joined(separator: "_")
        return id.first?.isLetter == true ? id : "district_" + id
    }
}
