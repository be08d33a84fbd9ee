import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension SweepSpec {
    /// `parameters:` maps a key path to `{values: [...]}`, `{range: {from, to, step}}` or
    /// a distribution (`{dist: uniform, low, high}`, normal, lognormal, beta).
    static func readParameters(_ node: SourceNode?, design: Design, _ diagnostics: inout [Diagnostic]) -> [Parameter] {
        guard let node else { return [] }
        guard let entries = node.entries else {
            diagnostics.append(
                Diagnostic(
                    at: node.location, keyPath: "parameters", found: node.summary,
                    expected: "a mapping from key path to values"))
            return []
        }
        var out: [Parameter] = []
        for entry in entries {
            let path = "parameters.\(entry.key)"
            func problem(_ at: SourceNode, _ found: String, _ expected: String) {
                diagnostics.append(Diagnostic(at: at.location, keyPath: path, found: found, expected: expected))
            }
            guard let steps = KeyPath.parse(entry.key), !steps.isEmpty else {
                diagnostics.append(
                    Diagnostic(
                        at: entry.keyLocation, keyPath: path, found: "the key path \"\(entry.key)\"",
                        expected: "a dotted key path such as settings.mainstream.top_up.B2"))
                continue
            }
            let value = entry.value
            if let list = value["values"] {
                let numbers = list.items?.compactMap(\.number) ?? []
                guard let items = list.items, !items.isEmpty, numbers.count == items.count,
                    numbers.allSatisfy(\.isFinite)
                else {
                    problem(list, list.summary, "a list of numbers"); continue
                }
                guard Set(numbers).count == numbers.count else {
                    problem(list, "a value listed twice", "each value once"); continue
                }
                out.append(Parameter(keyPath: entry.key, values: .list(numbers), location: entry.keyLocation))
            } else if let range = value["range"] {
                // A sampled design draws anywhere in the range: its step may be left out.
                guard let from = range["from"]?.number, let to = range["to"]?.number,
                    let step = range["step"]?.number ?? (design == .sobol ? max(to - from, 1) : nil),
                    from.isFinite, to.isFinite, step > 0, from <= to, (to - from) / step <= 10_000
                else {
                    problem(
                        range, range.summary,
                        "{from: A, to: B, step: S} with A ≤ B, S > 0 and at most 10,000 steps (step may be left out for sobol)"
                    ); continue
                }
                out.append(
                    Parameter(
                        keyPath: entry.key, values: .range(from: from, to: to, step: step), location: entry.keyLocation)
                )
            } else if value["dist"] != nil {
                var validator = Validator(names: [:])
                validator.check(value, against: .uncertain(unit: "the parameter's unit"), at: path)
                diagnostics += validator.diagnostics
                guard validator.diagnostics.isEmpty, let distribution = Distribution(value) else { continue }
                out.append(
                    Parameter(keyPath: entry.key, values: .distribution(distribution), location: entry.keyLocation))
            } else {
                problem(
                    value, value.summary,
                    "{values: [...]}, {range: {from, to, step}} or a distribution {dist: uniform, low, high}")
            }
        }
        return out
    }

    /// What each design needs of its parameters.
    static func checkDesign(
        _ document: SourceNode, _ design: Design, _ parameters: [Parameter], _ diagnostics: inout [Diagnostic]
    ) {
        let at = document["design"]?.location ?? document.location
        switch design {
        case .grid, .oneAtATime:
            for p in parameters {
                if case .distribution = p.values {
                    diagnostics.append(
                        Diagnostic(
                            at: p.location, keyPath: "parameters.\(p.keyPath)", found: "a distribution",
                            expected:
                                "values or a range: a \(design.rawValue) design runs listed values (distributions are for design sobol)"
                        ))
                }
            }
            if design == .oneAtATime && parameters.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        at: at, keyPath: "parameters", found: "no parameters",
                        expected: "at least one parameter to vary one at a time"))
            }
            let size = parameters.reduce(1.0) { $0 * Double($1.values.count) }
            if design == .grid && size > 1_000_000 {
                diagnostics.append(
                    Diagnostic(
                        at: at, keyPath: "design",
                        found:
                            "a grid of \(SweepSpec.shown(size)) points",
                        expected: "at most 1,000,000 (use sobol to sample a large space)"))
            }
        case .sobol:
            if document["design"]?["samples"] == nil {
                diagnostics.append(
                    Diagnostic(
                        at: at, keyPath: "design.samples", found: "no `samples`",
                        expected: "the number of Sobol points to run"))
            }
            if parameters.isEmpty || parameters.count > SobolSequence.maximumDimension {
                diagnostics.append(
                    Diagnostic(
                        at: at, keyPath: "parameters", found: "\(parameters.count) parameters",
                        expected: "1 to \(SobolSequence.maximumDimension) parameters (GSL's Sobol sequence)"))
            }
        }
        if design != .oneAtATime, document["design"]?["samples"] != nil, design != .sobol {
            diagnostics.append(
                Diagnostic(
                    at: document["design"]!["samples"]!.location, keyPath: "design.samples",
                    found: "samples for a \(design.rawValue) design", expected: "samples only with type sobol"))
        }
    }
}

extension SweepSpec.Values {
    /// The listed values, or the range's points (its end included when a step lands on it).
    public var points: [Double] {
        switch self {
        case .list(let values): return values
        case .range(let from, let to, let step):
            let count = Int(((to - from) / step + 1e-9).rounded(.down))
            return (0...count).map { from + Double($0) * step }
        case .distribution(let d): return [d.mean]
        }
    }

    /// The value at `u` in (0, 1): a quantile of the distribution, a point along the range,
    /// or one of the listed values in equal shares.
    public func value(at u: Double) -> Double {
        switch self {
        case .list(let values): return values[min(Int(u * Double(values.count)), values.count - 1)]
        case .range(let from, let to, _): return from + u * (to - from)
        case .distribution(let d): return d.quantile(u)
        }
    }
}
