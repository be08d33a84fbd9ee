import Foundation

/// Writes files so that a reader never sees half of one (see `OutputTarget`, which this
/// calls without any inputs to guard: commands should prepare an `OutputTarget` with their
/// inputs before working instead).
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try OutputTarget.prepare(path, inputs: []).write(text)
    }
}

extension AtomicFile {
    /// Lets `produce` write a file at a temporary path (for libraries that write files
    /// themselves), then puts it at `path` as `OutputTarget.writeFile` does: a device or
    /// FIFO is written in place, never replaced; a replaced file keeps its permissions.
    public static func write(to path: String, _ produce: (String) throws -> Void) throws {
        try OutputTarget.prepare(path, inputs: []).writeFile(produce)
    }
}
