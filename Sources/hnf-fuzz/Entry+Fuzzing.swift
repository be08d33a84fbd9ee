#if HNF_FUZZ
    import Foundation

    /// libFuzzer's driver (from `libclang_rt.fuzzer_no_main`, linked by `Scripts/fuzz`): it
    /// reads its own options from the command line and calls the callback for each input.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// The target and its workspace, made once before libFuzzer's first input.
    nonisolated(unsafe) private var fuzzing: (FuzzTarget, FuzzWorkspace)?

    extension FuzzEntry {
        static func fuzz() {
            let name = ProcessInfo.processInfo.environment["HNF_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("set HNF_FUZZ_TARGET to one of: \(names)\n".utf8))
                exit(2)
            }
            do { fuzzing = (target, try FuzzWorkspace(root: root)) } catch {
                FileHandle.standardError.write(Data("hnf-fuzz: \(error)\n".utf8))
                exit(2)
            }
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                LLVMFuzzerRunDriver(&argc, &argv) { data, count in
                    guard let (target, workspace) = fuzzing else { return 0 }
                    target.run(Array(UnsafeBufferPointer(start: data, count: count)), workspace)
                    return 0
                })
        }
    }
#endif
