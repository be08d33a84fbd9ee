import ArgumentParser
import Foundation
import HighNeeds

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Batch sweeps into SQLite: resumable, sharded, Slurm.",
        discussion: """
            Many scenarios × parameter values (× every LA) into one SQLite database; resumable, \
            sharded, runnable as a Slurm job array.
            hnf sweep SWEEP.yaml --db results.db [--shard I/N]   run (or resume) a sweep
            hnf sweep merge OUT.db SHARD.db ...                 combine shards of one sweep
            hnf sweep report DB --metric M --financial-year Y   tornado / ranked sensitivities (--year Y for counts)
            See Docs/analysts.md, "Batch sweeps", for the sweep file and the database's tables.
            """,
        subcommands: [SweepRunCommand.self, SweepMerge.self, SweepReport.self],
        defaultSubcommand: SweepRunCommand.self
    )
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep into a database, skipping runs it already holds.",
        discussion: """
            Example: hnf sweep Scenarios/sweeps/kent-levers.yaml --db kent-levers.db
            Each run is committed with its figures in one transaction: a sweep killed at any \
            moment and started again with the same command redoes only the run in flight. A \
            database started by a different sweep file (or different scenario files) is refused. \
            --shard I/N runs every N-th run from the I-th into its own database, for Slurm array \
            tasks, GNU parallel or a Kubernetes indexed job; `hnf sweep merge` combines them.
            """
    )

    @Argument(help: "The sweep file (schema hnf.sweep.v1).")
    var sweep: String

    @Option(help: "The SQLite database to fill (created when missing; resumed when it holds this sweep).")
    var db: String

    @Option(help: "Run shard I of N (1-based): every N-th run, starting at the I-th.")
    var shard: String?

    @Option(help: "Worker threads for each run's draws (default: the machine's cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var memory: MemoryOptions

    @Flag(
        help:
            "Print the sbatch commands that run this sweep as a Slurm job array of --shards tasks and a dependent merge into --db; run nothing."
    )
    var printSlurm = false

    @Option(help: "With --print-slurm: the number of array tasks (shards).")
    var shards: Int = 4

    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        if let shard, SweepShards.parse(shard) == nil {
            throw ValidationError("--shard \(shard): expected I/N with 1 ≤ I ≤ N, e.g. 2/4.")
        }
        if !(1...Projection.maxThreads).contains(threads) {
            throw ValidationError(
                "--threads must be from 1 to \(Text.thousands(Projection.maxThreads)), not \(threads).")
        }
        if shards < 1 || shards > 10_000 { throw ValidationError("--shards must be from 1 to 10,000, not \(shards).") }
    }

    func run() throws {
        let spec: SweepSpec
        do throws(InvalidInput) { spec = try SweepSpec.read(sweep) } catch {
            throw fail(
                error.description
                    + "\n\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s") found; nothing was run."
            )
        }
        if printSlurm {
            try StandardStreams.output(SweepSlurm.commands(sweep: sweep, database: db, shards: shards))
            return
        }
        let inputs =
            spec.scenarios.compactMap { if case .scenario(_, let p) = $0 { return p } else { return nil } }
            + spec.overlaySets.flatMap { $0.map(\.path) } + [sweep]
        if inputs.contains(where: { SweepPaths.same($0, db) }) {
            throw fail("--db \(db): is one of the sweep's inputs; an output never overwrites an input.")
        }
        // Damaged national tables stop the sweep (try? made them a sweep without national data).
        let data = try national.loadIfPresent()
        // An every-LA sweep calibrates each LA's money: a damaged money table is reported
        // here, once, rather than as every LA skipped.
        if spec.las != nil, let data { _ = try HighNeedsFinance(data) }
        // The base runs are checked before the design is listed: a key path that does not
        // exist is reported at once, however many points it has.
        let runner: SweepRunner
        do throws(InvalidInput) {
            runner = SweepRunner(
                plan: try SweepPlan.make(spec, national: data, baseRunsOnly: true), national: data, threads: threads,
                memory: memory.budget)
        } catch {
            throw fail(error.description + "\nnothing was run.")
        }
        let problems = runner.check()
        if !problems.isEmpty {
            throw fail(
                InvalidInput(problems).description
                    + "\n\(problems.count) problem\(problems.count == 1 ? "" : "s") found; nothing was run.")
        }
        let plan: SweepPlan
        do throws(InvalidInput) { plan = try SweepPlan.make(spec, national: data) } catch {
            throw fail(error.description + "\nnothing was run.")
        }
        runner.plan = plan
        let shardRange = shard.flatMap(SweepShards.parse)
        var standardError = StandardError()
        let database: SweepDatabase
        let lock: SweepWriterLock
        do {
            lock = try SweepWriterLock(path: db) { [quiet] in
                guard !quiet else { return }
                print(
                    "sweep: another hnf sweep is writing to \(db); waiting for it to finish (Ctrl-C stops waiting)",
                    to: &standardError)
            }
        } catch {
            throw fail("--db \(db): \(error)", status: .cannotWrite)
        }
        do {
            database = try SweepDatabase(path: db)
            try database.prepare(plan, shard: shardRange, areas: data?.areas() ?? [])
        } catch let mismatch as SweepDatabase.Mismatch {
            throw fail(mismatch.description)
        } catch let notASweep as SweepDatabase.NotASweep {
            lock.removeIfUnused()
            throw fail(notASweep.description)
        } catch {
            lock.removeIfUnused()
            if let damage = SweepDatabase.damage(error, path: db) { throw fail(damage.description) }
            throw fail("--db \(db): \(error)", status: .cannotWrite)
        }
        try withExtendedLifetime(lock) { try execute(plan.runs(shard: shardRange), runner: runner, database: database) }
    }

    private func execute(_ runs: [SweepRun], runner: SweepRunner, database: SweepDatabase) throws {
        let finished = try database.finishedRuns()
        let todo = runs.filter { !finished.contains($0.id) }
        var progress = SweepProgress(total: todo.count)
        var standardError = StandardError()
        if !quiet {
            print(
                "sweep: \(runs.count) runs in \(shard.map { "shard \($0)" } ?? "this sweep"), \(runs.count - todo.count) already finished, \(todo.count) to run",
                to: &standardError)
        }
        for run in todo {
            try database.markRunning(run.id)
            let started = Date()
            let outcome = runner.execute(run)
            try database.record(run.id, outcome, seconds: Date().timeIntervalSince(started))
            progress.done += 1
            guard !quiet else { continue }
            if Progress.isTerminal {
                Progress.show(progress.bar())
                if progress.done == progress.total { Progress.clearLine() }
            } else {
                print("sweep: run \(run.id) \(Self.word(outcome)); \(progress.summary())", to: &standardError)
            }
        }
        let counts = try database.counts()
        let failed = counts["failed"] ?? 0, skipped = counts["skipped"] ?? 0
        if !quiet {
            print(
                "sweep: \(counts["done"] ?? 0) runs done\(failed > 0 ? ", \(failed) failed" : "")\(skipped > 0 ? ", \(skipped) skipped" : "") in \(db)",
                to: &standardError)
            Progress.wrote(database.path)
        }
        if failed > 0 {
            throw fail(
                "\(failed) run\(failed == 1 ? "" : "s") failed: see `SELECT id, error FROM runs WHERE status = 'failed'` in \(db).",
                status: .runsFailed)
        }
    }

    static func word(_ outcome: SweepOutcome) -> String {
        switch outcome {
        case .done: return "done"
        case .failed: return "FAILED"
        case .skipped: return "skipped"
        }
    }
}

struct SweepMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine shard databases of one sweep into one (written to a temporary file, then renamed).",
        discussion: "Example: hnf sweep merge results.db results.shard-*-of-4.db"
    )

    @Argument(help: "The merged database (when it exists, it must hold the same sweep, and is merged in too).")
    var out: String

    @Argument(help: "The shard databases.")
    var shards: [String]

    @Flag(help: "No summary on standard error.")
    var quiet = false

    func validate() throws {
        if shards.isEmpty { throw ValidationError("Give at least one shard database.") }
    }

    func run() throws {
        let summary: SweepDatabase.MergeSummary
        do {
            summary = try SweepDatabase.merge(into: out, shards: shards)
        } catch let problem as SweepDatabase.MergeProblem {
            // A merge that could not be written (a full disk) is not bad input.
            if case .failed = problem { throw fail(problem.description, status: .cannotWrite) }
            throw fail(problem.description)
        }
        if !quiet {
            var standardError = StandardError()
            print("sweep merge: \(summary.description)", to: &standardError)
            Progress.wrote(out)
        }
    }
}
