import ArgumentParser
import Foundation
import HighNeeds

/// Every exit status hnf uses, decided here and nowhere else (Docs/json-contracts.md, "Exit status").
enum ExitStatus: Int32, CaseIterable {
    /// The command did what was asked.
    case success = 0
    /// It ran, and its result is not what was asked for: a comparison that does not agree
    /// (`compare witan-send`), a fit below `--min-r2` (`fit-formula`), a solution that
    /// breaks a block's protection or cap (`solve --overlay`, which then writes nothing).
    case disagrees = 1
    /// Input the user can correct: a usage error, an invalid scenario or data file, an
    /// option out of range, an output that would overwrite an input, a run over the memory
    /// budget. Nothing was written.
    case badInput = 2
    /// The result could not be written (disk full, permissions changed during the run).
    /// The target is as it was.
    case cannotWrite = 3
    /// Something hnf did not expect: a bug, please report it with the command.
    case internalError = 4
    /// A batch (`hnf sweep`) finished, but some of its runs failed; each is recorded, with
    /// its error, in the results database, and rerunning the command retries them.
    case runsFailed = 5
    /// The reader of standard output went away (`hnf … | head`): a quiet end, with the
    /// status of a Unix tool that SIGPIPE stopped (128 + 13); temporary files were removed.
    case closedPipe = 141
    /// Interrupted by SIGINT or SIGTERM (128 + the signal); temporary files were removed.
    case interrupted = 130

    var code: ExitCode { ExitCode(rawValue) }
}

extension HNF {
    /// Parses, runs, and turns every error into one message on standard error and a status
    /// from `ExitStatus`. ArgumentParser's usage errors (its status 64) count as bad input.
    static func main() {
        StandardStreams.secure()
        TemporaryFiles.installSignalHandlers()
        Progress.announceWrittenFiles()
        if let message = invalidUTF8Argument() {
            report(message)
            Foundation.exit(ExitStatus.badInput.rawValue)
        }
        let status: Int32
        do {
            var command = try parseAsRoot()
            try command.run()
            status = ExitStatus.success.rawValue
        } catch let failure as StandardStreams.OutputFailure {
            status = ended(failure)
        } catch let failure as CommandFailure {
            report(failure.printed)
            status = failure.status.rawValue
        } catch let problem as OutputTarget.Problem {
            report(CommandFailure.marked(problem.description))
            status = (problem.isRefusal ? ExitStatus.badInput : .cannotWrite).rawValue
        } catch let problem as InputProblem {
            report(CommandFailure.marked(problem.message))
            status = ExitStatus.badInput.rawValue
        } catch let workbook as WorkbookError {
            // libxlsxwriter could not write the workbook (into hnf's temporary folder).
            report("error: \(workbook.description)")
            status = ExitStatus.cannotWrite.rawValue
        } catch let cocoa as CocoaError {
            // Foundation's file errors: their sentence, never the raw NSCocoaErrorDomain dump.
            report("error: \(cocoa.localizedDescription)")
            status =
                ((CocoaError.Code.fileWriteUnknown.rawValue...CocoaError.Code.fileWriteVolumeReadOnly.rawValue)
                .contains(cocoa.code.rawValue) ? ExitStatus.cannotWrite : .badInput).rawValue
        } catch {
            let code = exitCode(for: error)
            // ArgumentParser gives EXIT_FAILURE (1) to any error it does not know; 1 is
            // hnf's "the result disagrees", so such an error is what it is: unexpected.
            if code.rawValue == EXIT_FAILURE, !(error is ExitCode) {
                report("internal error: \(error); please report it with the command (exit 4)")
                TemporaryFiles.waitIfInterrupting()
                TemporaryFiles.removeAll()
                Foundation.exit(ExitStatus.internalError.rawValue)
            }
            let message = fullMessage(for: error)
            // --help and --version end "cleanly": their text is the output, on standard output.
            var helpWritten: StandardStreams.OutputFailure?
            if code == .success {
                if !message.isEmpty {
                    do { try StandardStreams.output(message + "\n") } catch { helpWritten = error }
                }
            } else if !message.isEmpty {
                report(message)
            }
            switch code.rawValue {
            case 0: status = helpWritten.map(ended) ?? ExitStatus.success.rawValue
            case ExitCode.validationFailure.rawValue: status = ExitStatus.badInput.rawValue
            case ExitStatus.disagrees.rawValue, ExitStatus.badInput.rawValue, ExitStatus.cannotWrite.rawValue,
                ExitStatus.runsFailed.rawValue:
                status = code.rawValue
            default: status = ExitStatus.internalError.rawValue
            }
        }
        TemporaryFiles.waitIfInterrupting()
        TemporaryFiles.removeAll()
        Foundation.exit(status)
    }

    /// An argument that is not UTF-8 is refused before it is read: Swift's strings replace
    /// the bad bytes with U+FFFD, so `--out $'keep\xfe.txt'` wrote over `keep\u{FFFD}.txt`
    /// and an existing file so named was "not found".
    private static func invalidUTF8Argument() -> String? {
        // (stride, not 1..<argc: a program may be started with no arguments at all, argc 0.)
        for i in stride(from: 1, to: Int(CommandLine.argc), by: 1) {
            guard let raw = CommandLine.unsafeArgv[i], String(validatingCString: raw) == nil else { continue }
            let shown = CommandLine.arguments[i].prefix(200)
            return
                "argument \(i) (\(shown)): not valid UTF-8; hnf reads file names and values as UTF-8 (rename the file, or pass it through a link with a UTF-8 name)"
        }
        return nil
    }

    /// A standard output that could not be written: one line and exit 3, or a quiet 141
    /// when the reader closed the pipe.
    private static func ended(_ failure: StandardStreams.OutputFailure) -> Int32 {
        if failure.isClosedPipe { return ExitStatus.closedPipe.rawValue }
        report(failure.description)
        return ExitStatus.cannotWrite.rawValue
    }

    private static func report(_ message: String) {
        Progress.clearLine()
        var standardError = StandardError()
        print(message, to: &standardError)
    }
}
