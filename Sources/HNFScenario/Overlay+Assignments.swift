import HNFCore

extension Overlay {
    /// `KEY.PATH=VALUE` settings (`hnf run --set`, a sweep's parameter values) as an
    /// overlay of `set` changes, applied after the overlay files. VALUE is read as YAML:
    /// a number, a word, or a flow mapping such as `{dist: beta, alpha: 2, beta: 8}`.
    public static func assignments(_ settings: [String]) -> (Overlay?, [Diagnostic]) {
        assignments(settings.map { ScenarioSetting($0) })
    }

    /// The assignments as an overlay, each problem named by the option that gave it.
    public static func assignments(_ assignments: [ScenarioSetting]) -> (Overlay?, [Diagnostic]) {
        var changes: [Change] = [], diagnostics: [Diagnostic] = []
        for (i, assignment) in assignments.enumerated() {
            let setting = assignment.setting, file = assignment.origin
            let at = SourceLocation(file: assignment.isSet ? "--set" : file, line: i + 1, column: 1)
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                diagnostics.append(
                    Diagnostic(
                        at: nil, file: file, keyPath: "", found: "no `KEY.PATH=` before the value",
                        expected: "KEY.PATH=VALUE, e.g. settings.mainstream.top_up.B2=9800"))
                continue
            }
            let path = String(setting[..<equals]), text = String(setting[setting.index(after: equals)...])
            let (value, problems) = SourceNode.parse(yaml: text, file: file)
            diagnostics += problems
            guard let value, problems.isEmpty, !text.isEmpty else {
                if problems.isEmpty {
                    diagnostics.append(
                        Diagnostic(at: nil, file: file, keyPath: path, found: "no value", expected: "a value after ="))
                }
                continue
            }
            changes.append(Change(operation: .set, path: path, pathLocation: at, value: value))
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        return (Overlay(file: "--set", name: "--set", changes: changes), [])
    }
}

/// One `KEY.PATH=VALUE` from the command line: a `--set`, or an option that sets a scenario
/// value (`--years N` is `meta.horizon=N`), so that the loader checks it as it checks the
/// file and names the option in its problems.
public struct ScenarioSetting: Sendable, Hashable {
    public var setting: String
    /// How problems name it: `--set KEY.PATH=VALUE`, or the option as typed (`--years 40`).
    public var origin: String
    var isSet: Bool

    /// A `--set` value.
    public init(_ setting: String) {
        self.setting = setting
        origin = "--set \(setting)"
        isSet = true
    }

    /// A value a command sets itself (`hnf replay`'s start), named `origin` in its problems.
    public init(_ setting: String, origin: String) {
        (self.setting, self.origin, isSet) = (setting, origin, false)
    }

    /// An option's value set at `keyPath`.
    public init(option: String, keyPath: String, value: String) {
        setting = "\(keyPath)=\(value)"
        origin = "\(option) \(value)"
        isSet = false
    }
}
