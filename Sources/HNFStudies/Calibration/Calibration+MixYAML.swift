import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Calibration {
    /// Each year's change of the new-plan trend as a share of the year before's: an
    /// ASSUMPTION (a trend of new plans' settings cannot run on for ever; backtests over
    /// every window scored 0.8 and 1 alike, issue 20's note).
    static let newPlanTrendFade = 0.8

    /// The LA's new plans' mix over the window, moved by England's trend from the window's
    /// middle to its last year (`to` − 1): the mix the projection starts from.
    var startingNewPlanMix: [String: Double] {
        let middle = Double(from + to - 1) / 2, gap = Double(to - 1) - middle
        let moved = newPlanSettingMix.map { id, share in (id, share * Foundation.exp((mix.newPlanTrend[id] ?? 0) * gap))
        }
        let total = moved.reduce(0) { $0 + $1.1 }
        return Dictionary(uniqueKeysWithValues: moved.map { ($0.0, total > 0 ? $0.1 / total : 0) })
    }

    /// `setting_trend` and its fade (after `setting_mix:`), as `flows.new_plans` entries.
    func newPlanTrendEntries() -> [YAMLEntry] {
        let trend = Self.settings.compactMap { s in
            mix.newPlanTrend[s.id].flatMap { $0 != 0 && (newPlanSettingMix[s.id] ?? 0) > 0 ? (s.id, Self.n($0)) : nil }
        }
        guard !trend.isEmpty else { return [] }
        return [
            YAMLEntry(
                "setting_trend", .flow(trend),
                comments: [
                    "England's yearly change of each setting's log share of new plans, \(from)-\(to - 1) [SEN2]",
                    "(the mix above is the LA's \(from)-\(to - 1) mix moved by it to \(to - 1)); each year's change is",
                    "ASSUMED to be \(Self.f(Self.newPlanTrendFade)) of the year before's, so the trend fades",
                ]),
            YAMLEntry("setting_trend_fade", Self.n(Self.newPlanTrendFade)),
        ]
    }

    /// `flows.mix_shocks`: the spread and persistence of LAs' yearly mixes around their own
    /// (nil when calibration found none).
    func mixShocksEntry() -> YAMLEntry? {
        let settings = Self.settings.compactMap { s in
            (mix.settingSD[s.id] ?? 0) > 0 ? (s.id, Self.n(mix.settingSD[s.id] ?? 0)) : nil
        }
        var entries: [YAMLEntry] = []
        if mix.newPlanShock.sd > 0 {
            entries.append(
                YAMLEntry(
                    "new_plans",
                    .flow([("sd", Self.n(mix.newPlanShock.sd)), ("persistence", Self.n(mix.newPlanShock.persistence))]),
                    trailing: "on each setting's log share of new plans", gap: 3))
        }
        if !settings.isEmpty {
            entries.append(
                YAMLEntry(
                    "settings",
                    .block([
                        YAMLEntry("sd", .flow(settings)), YAMLEntry("persistence", Self.n(mix.settingPersistence)),
                    ]),
                    trailing: "a share of a setting's children moved out (or drawn in) a year, beyond the moves", gap: 3
                ))
        }
        guard !entries.isEmpty else { return nil }
        return YAMLEntry(
            "mix_shocks",
            .block(
                entries,
                comments: [
                    "Year-to-year random effects on the mix, estimated across LAs \(from)-\(to) [SEN2] (MixDynamics.swift):",
                    "the spread of each LA's yearly figures around its own, less England's, and how much persists.",
                ]))
    }
}
