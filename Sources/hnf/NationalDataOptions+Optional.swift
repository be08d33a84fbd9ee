import Foundation
import HighNeeds

extension NationalDataOptions {
    /// The national data for commands to which it is context (England's comparators beside
    /// a run): nil when none was asked for and none is found above the working directory,
    /// but tables that are found and do not pass their checks stop the command, as they do
    /// for every other command. (`try? load()` once let a damaged table turn silently into
    /// a run without England.) A folder given by `--national-data` or `$HNF_NATIONAL_DATA`
    /// must hold them.
    func loadIfPresent() throws -> NationalData? {
        let url: URL
        do { url = try NationalData.locate(explicit: nationalData) } catch {
            if nationalData == nil, (ProcessInfo.processInfo.environment["HNF_NATIONAL_DATA"] ?? "").isEmpty {
                return nil
            }
            throw error
        }
        return try NationalData(directory: url)
    }
}
