import Foundation

/// Writes files so that a reader never sees half of one (see `OutputTarget`, which this
/// calls without any inputs to guard: commands should prepare an `OutputTarget` with their
/// inputs before working instead).
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try OutputTarget.prepare(path, inputs: []).write(text)
    }
}
