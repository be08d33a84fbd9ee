/// SEN2's reorganisations since 2019: LAs abolished and the LAs formed from them. A
/// successor's Januaries before it existed are its share of its predecessors' figures
/// (calibration fills them so); a command asked for an abolished LA today names its
/// successors rather than saying only that it has no data.
public struct Reorganisation: Sendable {
    /// When it happened, in words ("April 2023").
    public var when: String
    public var predecessors: [String]
    public var successors: [String]

    public static let sinceSEN2: [Reorganisation] = [
        // Dorset (835), Poole (836) and Bournemouth (837) became Dorset (838) and
        // Bournemouth, Christchurch and Poole (839).
        Reorganisation(when: "April 2019", predecessors: ["835", "836", "837"], successors: ["838", "839"]),
        // Northamptonshire (928) became North (940) and West (941) Northamptonshire.
        Reorganisation(when: "April 2021", predecessors: ["928"], successors: ["940", "941"]),
        // Cumbria (909) became Cumberland (942) and Westmorland and Furness (943).
        Reorganisation(when: "April 2023", predecessors: ["909"], successors: ["942", "943"]),
    ]

    /// The reorganisation that abolished the LA with `code`, if one did.
    public static func abolishing(_ code: String) -> Reorganisation? {
        sinceSEN2.first { $0.predecessors.contains(code) }
    }
}

extension NationalData {
    /// "Cumbria was replaced in April 2023 by Cumberland (942) and Westmorland and Furness
    /// (943)", for an LA a reorganisation abolished; nil for any other area.
    public func replacement(of area: Area) -> String? {
        guard area.level == .la, let change = Reorganisation.abolishing(area.code) else { return nil }
        let names = change.successors.map { code in
            areas().first { $0.level == .la && $0.code == code }.map { "\($0.name) (\(code))" } ?? code
        }
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names[0]
        return "\(area.name) was replaced in \(change.when) by \(list)"
    }
}
