import Foundation

/// Writes to standard error without buffering, for diagnostics.
public enum FileHandleWriter {
    public static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
