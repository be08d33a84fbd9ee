import HNFCore

extension Scenario {
    /// The id of the locality `given` names, by its id or its name in any case (`Ashford`,
    /// `ASHFORD` and `ashford` are `ashford`), as LA names match in `--la`; nil for none.
    public func localityID(matching given: String) -> String? {
        let wanted = given.trimmingCharacters(in: .whitespaces).lowercased()
        return localities.first { $0.id.lowercased() == wanted || $0.name.lowercased() == wanted }?.id
    }
}
