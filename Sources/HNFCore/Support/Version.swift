/// The version `hnf --version` prints and run provenance records.
public enum HighNeedsVersion {
    public static let current = "0.1.0"
}
