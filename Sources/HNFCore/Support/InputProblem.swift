/// An error caused by what the user gave (a scenario, a data file, an option) that they
/// can correct: its description is the whole message, one line per problem, and a command
/// ends with the bad-input status. The library's error types adopt it here, so that the
/// command line catches one protocol rather than each type (see `ExitStatus` in hnf).
public protocol InputProblem: Error, CustomStringConvertible {
    /// The message to show: one line per problem, repeats capped.
    var message: String { get }
}

extension InputProblem {
    public var message: String { description }
}

extension InvalidInput: InputProblem {
    public var message: String { summary() }
}

extension NationalDataError: InputProblem {
    public var message: String { "error: \(description)" }
}
