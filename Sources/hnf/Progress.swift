import Foundation
import HighNeeds

/// What a command tells standard error besides its errors, in one place: a progress line
/// while it works (only when standard error is a terminal: a log or a pipe gets no
/// carriage returns) and one `wrote FILE` line for each file it has put in place.
enum Progress {
    /// Whether standard error is a terminal, where a line can be redrawn in place.
    static let isTerminal = isatty(STDERR_FILENO) == 1

    /// Sends every file `OutputTarget` puts in place to `wrote` (`HNF.main` calls it first).
    static func announceWrittenFiles() {
        OutputTarget.onWritten = { wrote($0) }
    }

    /// `wrote PATH` on standard error, after the file is in place (the path as the user gave it).
    static func wrote(_ path: String) {
        clearLine()
        StandardStreams.error("wrote \(path)\n")
    }

    /// Redraws the terminal's progress line (nothing when standard error is not a terminal).
    static func show(_ text: String) {
        guard isTerminal else { return }
        StandardStreams.error("\r\u{1B}[K" + text)
    }

    /// Clears the progress line, so what follows starts at the left of an empty line.
    static func clearLine() {
        guard isTerminal else { return }
        StandardStreams.error("\r\u{1B}[K")
    }

    /// Runs `body` with a `DrawProgress` to hand to the projections, redrawing the
    /// progress line every quarter second from the first second on (a quick run shows
    /// nothing), and clears it after: `label: done/total draws (p%)` when `expecting` says
    /// how many draws are coming; `label: done draws, N s` when they are not known ahead
    /// (`solve`'s evaluations); `label: N s` for work that runs no draws of its own. Without
    /// a terminal, `body` gets nil and nothing is shown.
    static func draws<T, E: Error>(
        _ label: String, expecting total: Int? = nil, _ body: (DrawProgress?) throws(E) -> T
    ) throws(E) -> T {
        guard isTerminal else { return try body(nil) }
        let ticker = Ticker(label: label, known: total != nil)
        if let total { ticker.progress.expect(total) }
        ticker.start()
        defer { ticker.stop() }
        return try body(ticker.progress)
    }

    /// Runs `body` with a way to say which step of many it is on (`label: 3/153 Kent`),
    /// shown as it changes; the line is cleared after. Nothing is shown without a terminal.
    static func steps<T, E: Error>(_ label: String, _ body: ((Int, Int, String) -> Void) throws(E) -> T) throws(E) -> T
    {
        guard isTerminal else { return try body { _, _, _ in } }
        defer { clearLine() }
        return try body { i, n, what in show("\(label): \(i)/\(n)\(what.isEmpty ? "" : " \(what)")") }
    }

    /// A timer that draws a `DrawProgress` on the terminal's progress line.
    final class Ticker: @unchecked Sendable {
        let label: String
        /// Whether the draws to come were all expected at the start.
        let known: Bool
        let progress = DrawProgress()
        let started = Date()
        private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "hnf.progress"))
        private let lock = NSLock()
        private var shown = false, stopped = false

        init(label: String, known: Bool) { (self.label, self.known) = (label, known) }

        var line: String {
            let (done, total) = progress.counts
            let seconds = "\(Int(Date().timeIntervalSince(started))) s"
            if known, total > 0 {
                return "\(label): \(Text.thousands(done))/\(Text.thousands(total)) draws (\(100 * done / total)%)"
            }
            return done > 0 ? "\(label): \(Text.thousands(done)) draws, \(seconds)" : "\(label): \(seconds)"
        }

        func start() {
            timer.schedule(deadline: .now() + 1, repeating: 0.25)
            timer.setEventHandler { [self] in
                lock.withLock {
                    guard !stopped else { return }
                    shown = true
                    Progress.show(line)
                }
            }
            timer.resume()
        }

        func stop() {
            timer.cancel()
            lock.withLock {
                stopped = true
                if shown { Progress.clearLine() }
            }
        }
    }
}
