import Foundation
import HighNeeds

/// `hnf-fuzz`: coverage-guided fuzzing of the parsers of user files (libFuzzer), and, in a
/// normal build, the replayer of their corpora (`Tests/Fuzz/TARGET`), which the test suite
/// runs so that every input that once crashed stays fixed. See `Scripts/fuzz`.
///
///     hnf-fuzz TARGET FILE_OR_FOLDER ...      (normal build: replay)
///     HNF_FUZZ_TARGET=TARGET hnf-fuzz [libFuzzer options] CORPUS   (Scripts/fuzz's build)
@main
struct FuzzEntry {
    static func main() {
        #if HNF_FUZZ
            fuzz()
        #else
            replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// The checkout: HNF_ROOT, else the working directory.
    static var root: String {
        ProcessInfo.processInfo.environment["HNF_ROOT"] ?? FileManager.default.currentDirectoryPath
    }

    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("usage: hnf-fuzz TARGET FILE_OR_FOLDER ... (targets: \(names))\n".utf8))
            exit(2)
        }
        let workspace: FuzzWorkspace
        do { workspace = try FuzzWorkspace(root: root) } catch {
            FileHandle.standardError.write(Data("hnf-fuzz: \(error)\n".utf8))
            exit(2)
        }
        var count = 0
        for path in inputs(arguments.dropFirst()) {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            target.run(Array(data), workspace)
            count += 1
        }
        print("\(name): \(count) inputs, none crashed")
    }

    /// Files given, and the files in folders given (one level, sorted).
    static func inputs(_ paths: ArraySlice<String>) -> [String] {
        paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
            guard isFolder.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.sorted().map { path + "/" + $0 }.filter {
                var sub: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &sub) && !sub.boolValue
            }
        }
    }
}
