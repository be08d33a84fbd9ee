import ArgumentParser
import Foundation
import HNFServer
import HighNeeds

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A live what-if page: change values in the browser.",
        discussion: """
            Example: hnf serve Scenarios/kent/baseline.yaml Scenarios/kent/reforms/communities-of-schools.yaml
            Prints the page's address and serves until interrupted (Ctrl-C). Each change runs the \
            what-if as `hnf run` does (the scenario, its overlays and the changed values as --set, \
            beside the baseline, with the same seed), with --draws draws; the page offers --max-draws. \
            Bound to 127.0.0.1 unless --host says otherwise: the page has no authentication. \
            Docs/json-contracts.md, "hnf serve", lists the routes and their JSON.
            """
    )

    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Argument(help: "What-if overlays applied on top, in order (the page starts from them).")
    var overlays: [String] = []

    @Option(help: "The port to listen on (0: any free port; the address printed says which).")
    var port: Int = 8080

    @Option(help: "The address to listen on. Anything but the loopback address lets others reach the page.")
    var host: String = "127.0.0.1"

    @Option(help: "Draws for each change on the page (the full run it offers is 1,000).")
    var draws: Int = 200

    @Option(help: "The most draws a request may ask for: the page's full run.")
    var maxDraws: Int = 1000

    @Option(help: "Seconds a what-if may run before it is stopped and refused (its place freed).")
    var timeLimit: Double = 120

    @Option(help: "What-ifs that may wait while one runs; a request beyond them is told to retry (429).")
    var queue: Int = 32

    @Option(help: "Random seed (default: the scenario's meta.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads per run (default: the machine's cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        if !(10...1000).contains(draws) { throw ValidationError("--draws must be from 10 to 1,000, not \(draws).") }
        if !(draws...10_000).contains(maxDraws) {
            throw ValidationError("--max-draws must be from --draws (\(draws)) to 10,000, not \(maxDraws).")
        }
        if !(1...3600).contains(timeLimit) {
            throw ValidationError("--time-limit must be from 1 to 3,600 seconds, not \(timeLimit).")
        }
        if !(0...64).contains(queue) { throw ValidationError("--queue must be from 0 to 64, not \(queue).") }
        if !(1...Projection.maxThreads).contains(threads) {
            throw ValidationError("--threads must be from 1 to \(Projection.maxThreads), not \(threads).")
        }
    }

    func run() throws {
        let data = try national.loadIfPresent()
        let session: WhatIfSession
        do { session = try WhatIfSession(scenario: scenario, overlays: overlays, national: data) } catch {
            let count = error.diagnostics.count
            throw fail(error.summary() + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was served.")
        }
        if !WhatIfServer.isLoopback(host) {
            StandardStreams.error(
                "warning: listening on \(host): anyone who can reach this machine can use the page; it has no authentication.\n"
            )
        }
        var options = WhatIfServer.Options(seed: seed ?? UInt64(session.scenario.meta.seed), threads: threads)
        (options.host, options.port, options.draws, options.waiting) = (host, port, draws, queue)
        options.maxDraws = maxDraws
        options.deadlineSeconds = timeLimit
        let server = WhatIfServer(session: session, options: options)
        let ended = ServeEnd()
        Task {
            do {
                try await server.run { url in
                    try? StandardStreams.output("hnf serve: \(url)\n")
                }
                ended.finish(nil)
            } catch { ended.finish(error) }
        }
        if let error = ended.wait() {
            throw fail("hnf serve: could not serve on \(host):\(port): \(error)")
        }
    }
}

/// How the server's task ended, handed to the command's thread that waits for it.
final class ServeEnd: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var error: Error?

    func finish(_ error: Error?) {
        lock.withLock { self.error = error }
        done.signal()
    }

    func wait() -> Error? {
        done.wait()
        return lock.withLock { error }
    }
}
