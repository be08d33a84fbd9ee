import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The Slurm commands that run a sweep as a job array (one shard per task, with
/// `Scripts/slurm/sweep.sbatch`) and then merge the shards in a job that starts only when
/// every task has succeeded.
///
/// The text is read by two shells: the user's (both lines) and, for the merge, the job's
/// (`sbatch --wrap` runs its string with `sh -c`). Every name the user gave is quoted for
/// each shell that reads it, positional names follow `--` (a name such as `-x.db` is not
/// an option), names in comments have their control characters escaped (a newline would
/// end the comment), and `%` in log names is doubled (Slurm expands `%j`, `%a`, … there).
public enum SweepSlurm {
    public static func commands(
        sweep: String, database: String, shards: Int, script: String = "Scripts/slurm/sweep.sbatch"
    ) -> String {
        let q = SweepRun.shellQuote
        let stem = database.hasSuffix(".db") ? String(database.dropLast(3)) : database
        let logStem = stem.replacingOccurrences(of: "%", with: "%%")
        let shardFiles = (1...shards).map { q(SweepShards.path(database, index: $0, count: shards)) }
        // The job's shell reads the merge command; the user's shell reads that command as one
        // word. "${HNF:-hnf}" stays outside the single quotes so the user's HNF is expanded.
        let mergeArguments = (["sweep", "merge", "--", q(database)] + shardFiles).joined(separator: " ")
        let wrap = "\"\\\"${HNF:-hnf}\\\" \"" + q(mergeArguments)
        let shardPattern = SweepShards.path(database, index: 1, count: shards).replacingOccurrences(
            of: "-1-of-", with: "-I-of-")
        return """
            # \(shards) array tasks, task I running `hnf sweep \(comment(sweep)) --shard I/\(shards)` into \(comment(shardPattern)),
            # then one job, after all have succeeded, merging them into \(comment(database)). Set HNF to the hnf binary
            # if it is not on PATH (e.g. HNF=$PWD/.build/release/hnf); jobs start in this directory.
            jid=$(sbatch --parsable --array=1-\(shards) --job-name=hnf-sweep --output=\(q(logStem + ".shard-%a.log")) -- \(q(script)) \(q(sweep)) \(q(database)))
            sbatch --parsable --dependency=afterok:"$jid" --job-name=hnf-sweep-merge --output=\(q(logStem + ".merge.log")) --wrap \(wrap)

            """
    }

    /// A name as a comment shows it: control characters (a newline would end the comment
    /// and start a command) as Swift escapes.
    static func comment(_ name: String) -> String {
        String(
            name.unicodeScalars.map { scalar -> String in
                scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
                    ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }.joined())
    }
}
