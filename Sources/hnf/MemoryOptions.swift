import ArgumentParser
import HighNeeds

/// `--max-memory`, for every command that runs Monte Carlo draws: a run whose draws would
/// not fit is refused before it starts, with the largest --draws that fits.
struct MemoryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The most memory a run may use, e.g. 4G or 512M (default: half the machine's memory).", valueName: "SIZE"))
    var maxMemory: String?

    var budget: MemoryBudget {
        maxMemory.flatMap(MemoryBudget.init(text:)) ?? .machineDefault
    }

    func validate() throws {
        if let maxMemory, MemoryBudget(text: maxMemory) == nil {
            throw ValidationError("--max-memory \(maxMemory): expected a size above 0 such as 4G, 512M or 1.5G.")
        }
    }

    func check(draws: Int, bytesPerDraw: Int, fixed: Int, what: String) throws {
        if let message = budget.refusal(draws: draws, bytesPerDraw: bytesPerDraw, fixed: fixed, what: what) {
            throw fail(message)
        }
    }
}
