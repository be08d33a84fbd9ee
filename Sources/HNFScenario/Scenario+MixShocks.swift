import HNFCore

extension Scenario {
    /// Year-to-year random effects on the placement mix (`flows.mix_shocks`): without them
    /// a projection's shares carry only each child's binomial noise, and its intervals for
    /// a group's share are far narrower than LAs' mixes have moved (issue 20's backtests).
    public struct MixShocks: Sendable, Equatable {
        /// A stationary AR(1): each year's shock is `persistence` × last year's plus fresh
        /// noise, scaled so that every year's shock has sd `sd`.
        public struct Process: Sendable, Equatable {
            public var sd: Double
            public var persistence: Double
            public init(sd: Double, persistence: Double) { (self.sd, self.persistence) = (sd, persistence) }
        }

        /// On each setting's log share of new plans (one process per setting, the same sd).
        public var newPlans: Process?
        /// On each setting's children, by setting id: a negative shock moves that share of
        /// its children out, a positive one draws children in (from the settings shocked
        /// down), beyond the estimated moves.
        public var settings: [String: Process]

        public init(newPlans: Process? = nil, settings: [String: Process] = [:]) {
            (self.newPlans, self.settings) = (newPlans, settings)
        }

        static func decode(_ node: SourceNode?) -> MixShocks? {
            guard let node else { return nil }
            func process(_ n: SourceNode?) -> Process? {
                guard let sd = n?["sd"]?.number, let rho = n?["persistence"]?.number else { return nil }
                return Process(sd: sd, persistence: rho)
            }
            var settings: [String: Process] = [:]
            if let rho = node["settings"]?["persistence"]?.number {
                for (id, sd) in ScenarioDecoding.numbers(node["settings"]?["sd"]) {
                    settings[id] = Process(sd: sd, persistence: rho)
                }
            }
            return MixShocks(newPlans: process(node["new_plans"]), settings: settings)
        }
    }
}
