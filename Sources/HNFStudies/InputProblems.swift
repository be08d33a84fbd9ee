import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

// The error types of this layer that a user can correct adopt `InputProblem` (declared in
// HNFCore), so that the command line catches one protocol rather than each type.
extension Calibration.Failure: InputProblem {}
extension Explanation.Problem: InputProblem {}
extension FormulaFit.Problem: InputProblem {}
extension GoalSeek.Problem: InputProblem {}
extension Replay.Failure: InputProblem {}
extension CohortFlows.Failure: InputProblem {}
extension SensitivityReport.Problem: InputProblem {}
extension SweepDatabase.NotASweep: InputProblem {}
extension SweepDatabase.Mismatch: InputProblem {}
