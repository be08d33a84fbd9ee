import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Estimated leaving and moving by (setting, age) or (setting, age, need), and the
    /// declared moves between settings, laid out for the yearly tables.
    struct FlowCells {
        var settingAgeCells: [SettingAgeCell]
        var needStride: Int
        var cellOf: [Int32]
        var destinationStart: [Int]
        var destinationTo: [Int]
        var destinationAlpha: [Double]
        var moves: [CompiledMove]
        var movesFrom: [[Int]]
        var moveEntryCount: Int
    }

    static func compileFlowCells(_ c: Compiling) -> FlowCells {
        let S = c.S, ageCount = ProjectionPlan.ageCount
        let (cells, needCells) = settingAgeCells(c)
        let settingAgeCells = cells + needCells
        let stride = needCells.isEmpty ? 1 : c.N
        var cellOf = [Int32](repeating: -1, count: ageCount * S * stride)
        for (k, cell) in settingAgeCells.enumerated() {
            for n in cell.need.map({ [$0] }) ?? Array(0..<stride) {
                cellOf[(cell.age * S + cell.setting) * stride + n] = Int32(k)
            }
        }
        let moves = compileMoves(c)
        var movesFrom = [[Int]](repeating: [], count: ageCount * S)
        for (m, move) in moves.enumerated() {
            for a in move.ages where a < ageCount { movesFrom[a * S + move.from].append(m) }
        }
        let moveEntryCount =
            movesFrom.reduce(0) { $0 + $1.count } * stride
            + cellOf.reduce(0) { $0 + ($1 >= 0 ? settingAgeCells[Int($1)].destinations.count : 0) }
        return FlowCells(
            settingAgeCells: settingAgeCells, needStride: stride, cellOf: cellOf,
            destinationStart: settingAgeCells.reduce(into: [0]) { $0.append($0.last! + $1.destinations.count) },
            destinationTo: settingAgeCells.flatMap { $0.destinations.map(\.to) },
            destinationAlpha: settingAgeCells.flatMap { $0.destinations.map(\.alpha) },
            moves: moves, movesFrom: movesFrom, moveEntryCount: moveEntryCount)
    }

    /// The scenario's `flows.by_setting_and_age` cells, setting-wide and by need, each in
    /// order of setting id, age and need code.
    static func settingAgeCells(_ c: Compiling) -> (cells: [SettingAgeCell], needCells: [SettingAgeCell]) {
        var cells: [SettingAgeCell] = [], needCells: [SettingAgeCell] = []
        for (id, byAge) in c.scenario.flows.bySettingAndAge.sorted(by: { $0.key < $1.key }) {
            guard let s = c.settingIndex[id] else { continue }
            for a in byAge.keys.sorted() where a < ProjectionPlan.ageCount {
                func compile(_ flows: Scenario.SettingAgeFlows, need: Int?) -> SettingAgeCell {
                    let destinations = flows.destinations.compactMap { key, alpha in
                        c.settingIndex[key].map { (to: $0, alpha: alpha) }
                    }
                    .filter { $0.alpha > 0 && $0.to != s }.sorted { $0.to < $1.to }
                    return SettingAgeCell(
                        setting: s, age: a, need: need, leave: flows.leave, move: flows.move, destinations: destinations
                    )
                }
                let cell = byAge[a]!
                if cell.leave != nil || cell.move != nil { cells.append(compile(cell, need: nil)) }
                for (code, flows) in cell.byNeed.sorted(by: { $0.key < $1.key }) {
                    if let n = c.needIndex[code] { needCells.append(compile(flows, need: n)) }
                }
            }
        }
        return (cells, needCells)
    }

    /// The declared moves between settings, each at the ages it applies to.
    static func compileMoves(_ c: Compiling) -> [CompiledMove] {
        c.scenario.flows.moves.compactMap { move in
            guard let from = c.settingIndex[move.from], let to = c.settingIndex[move.to] else { return nil }
            let ages: [Int]
            if let transfer = move.transfer {
                ages = [transfer.age]
            } else if let phase = move.phase {
                ages = Array(phase.ages)
            } else {
                ages = Array(0...Phase.maximumAge)
            }
            return CompiledMove(from: from, to: to, transfer: move.transfer, ages: ages, rate: move.rate)
        }
    }
}
