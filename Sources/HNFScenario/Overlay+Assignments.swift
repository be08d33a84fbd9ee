import HNFCore

extension Overlay {
    /// `KEY.PATH=VALUE` settings (`hnf run --set`, a sweep's parameter values) as an
    /// overlay of `set` changes, applied after the overlay files. VALUE is read as YAML:
    /// a number, a word, or a flow mapping such as `{dist: beta, alpha: 2, beta: 8}`.
    public static func assignments(_ settings: [String]) -> (Overlay?, [Diagnostic]) {
        var changes: [Change] = [], diagnostics: [Diagnostic] = []
        for (i, setting) in settings.enumerated() {
            let file = "--set \(setting)"
            let at = SourceLocation(file: "--set", line: i + 1, column: 1)
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
