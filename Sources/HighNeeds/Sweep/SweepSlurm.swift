/// The Slurm commands that run a sweep as a job array (one shard per task, with
/// `Scripts/slurm/sweep.sbatch`) and then merge the shards in a job that starts only when
/// every task has succeeded.
public enum SweepSlurm {
    public static func commands(
        sweep: String, database: String, shards: Int, script: String = "Scripts/slurm/sweep.sbatch"
    ) -> String {
        let q = SweepRun.shellQuote
        let logs = (database.hasSuffix(".db") ? String(database.dropLast(3)) : database) + ".shard"
        let shardFiles = (1...shards).map { q(SweepShards.path(database, index: $0, count: shards)) }.joined(
            separator: " ")
        return """
            # \(shards) array tasks, task I running `hnf sweep \(sweep) --shard I/\(shards)` into \(SweepShards.path(database, index: 1, count: shards).replacingOccurrences(of: "-1-of-", with: "-I-of-")),
            # then one job, after all have succeeded, merging them into \(database). Set HNF to the hnf binary
            # if it is not on PATH (e.g. HNF=$PWD/.build/release/hnf); jobs start in this directory.
            jid=$(sbatch --parsable --array=1-\(shards) --job-name=hnf-sweep --output=\(q(logs))-%a.log \(q(script)) \(q(sweep)) \(q(database)))
            sbatch --parsable --dependency=afterok:$jid --job-name=hnf-sweep-merge --output=\(q((database.hasSuffix(".db") ? String(database.dropLast(3)) : database) + ".merge.log")) --wrap "\\"${HNF:-hnf}\\" sweep merge \(q(database)) \(shardFiles)"

            """
    }
}
