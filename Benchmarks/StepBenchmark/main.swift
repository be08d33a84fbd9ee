// Micro-benchmark of the engine's yearly step, kept apart from the tests (timings are
// measured, never asserted). Usage, from the repository root:
//
//   swift run -c release hnf-benchmark [SCENARIO] [--draws N] [--threads N] [--step-only]
//   swift run -c release hnf-benchmark [SCENARIO] --reference-workload FILE.json
//
// Default scenario: Benchmarks/england-scale.yaml. Reports, separately, the yearly step
// alone (one draw's population stepped through every year, on one thread) and whole
// projections on 1 and N threads, in pupil-years per second (child records processed by
// the yearly kernels) and per core.
import Dispatch
import Foundation
import HighNeeds

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else {
        return fallback
    }
    arguments.removeSubrange(i...(i + 1))
    return v
}
let draws = option("--draws", 4)
let threads = option("--threads", ProcessInfo.processInfo.activeProcessorCount)
@MainActor func flag(_ name: String) -> Bool {
    guard let i = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: i)
    return true
}
@MainActor func value(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}
let stepOnly = flag("--step-only")
let repetitions = option("--repetitions", 5)
let workloadFile = value("--reference-workload")
let path = arguments.first ?? "Benchmarks/england-scale.yaml"

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let national = try NationalData(directory: NationalData.locate())
let scenario: Scenario
do throws(InvalidInput) { scenario = try ScenarioLoader.load(path, national: { national }) } catch {
    print(error.description); exit(2)
}
var plan: ProjectionPlan!
let compile = seconds { plan = try! ProjectionPlan(scenario, national: national) }

// `--reference-workload FILE`: draw 0's tables for Benchmarks/numpy-reference.py, then stop.
if let workloadFile {
    let simulation = DrawSimulation(plan: plan, seed: 1, draw: 0)
    guard !simulation.hasLocalityFlows else {
        print("\(path): localities with flows of their own; the reference has LA-wide flows only"); exit(2)
    }
    let data = try JSONSerialization.data(withJSONObject: simulation.referenceWorkload())
    try data.write(to: URL(fileURLWithPath: workloadFile))
    print("wrote \(workloadFile): \(plan.base.count) plans, \(plan.stepYears.count) steps")
    exit(0)
}
print(
    "\(path): \(plan.base.count) plans, \(plan.localityCount) localities, \(plan.stepYears.count) years; plan compiled in \(String(format: "%.3f", compile)) s"
)

// The yearly step alone: 5 repetitions of one draw through every year; median and best.
var times: [Double] = [], records = 0, allRecords = 0
for repetition in 0..<repetitions {
    var simulation = DrawSimulation(plan: plan, seed: 1, draw: repetition)
    var processed = 0
    times.append(
        seconds {
            for year in plan.stepYears.indices {
                processed += simulation.population.count
                _ = simulation.step(year)
            }
        })
    records = processed
    allRecords += processed
}
let median = times.sorted()[times.count / 2], best = times.min()!
if stepOnly {
    // For `valgrind --tool=callgrind`: the pupil-years the repetitions processed, to divide by.
    print("step-only: \(allRecords) pupil-years in \(times.count) repetitions")
    exit(0)
}
print(
    String(
        format:
            "yearly step, 1 thread, %d pupil-years a repetition: median %.3f s = %.1f million pupil-years/s (best %.1f)",
        records, median, Double(records) / median / 1e6, Double(records) / best / 1e6))

for n in Set([1, threads]).sorted() {
    var projection: Projection!
    let t = seconds { projection = Projection(plan: plan, draws: draws, seed: 1, threads: n) }
    let rate = Double(projection.pupilYears) / t / 1e6
    print(
        String(
            format:
                "projection, %d draws, %d thread(s): %d pupil-years in %.3f s = %.1f million/s, %.1f million/s per core",
            draws, n, projection.pupilYears, t, rate, rate / Double(n)))
}
