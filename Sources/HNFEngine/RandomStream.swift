import CGSL
import HNFCore
import HNFScenario

/// SplitMix64 (Steele, Lea & Flood 2014): turns (seed, draw, purpose) into well-mixed,
/// independent 64-bit seeds. Used only to seed the generators below.
@usableFromInline
package struct SplitMix64 {
    @usableFromInline var state: UInt64

    @inlinable package init(_ seed: UInt64) { state = seed }

    @inlinable package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of one stream: a function of the run's seed, the draw index and what the
    /// stream is for, and of nothing else (not the thread, not the order draws run in).
    @inlinable static func streamSeed(seed: UInt64, draw: Int, purpose: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed ^ 0x6A09_E667_F3BC_C908)
        var s = mixer.next() ^ UInt64(truncatingIfNeeded: draw) &* 0xD1B5_4A32_D192_ED03
        s ^= purpose &* 0x8CB9_2BA7_2F3D_8DD7
        var second = SplitMix64(s)
        return second.next()
    }
}

/// xoshiro256++ (Blackman & Vigna 2019; passes BigCrush and PractRand): the per-child
/// uniform stream of the yearly kernels. It is inlined into the loops, where GSL's
/// generators cost a function-pointer call per number; distributions over counts and
/// the draw's assumptions use GSL (`DrawRandom`).
public struct ChildStream: Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// `purpose` separates streams of one draw (`StreamPurpose` lists them).
    public init(seed: UInt64, draw: Int, purpose: StreamPurpose = .kernels) {
        precondition(purpose.generator == .child, "\(purpose) is not a child stream's purpose")
        var mixer = SplitMix64(SplitMix64.streamSeed(seed: seed, draw: draw, purpose: purpose.number))
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    /// 64 random bits. The low and high 32 bits are used as two independent uniforms.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s0 &+ s3) <<< 23) &+ s0
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 <<< 45
        return result
    }
}

infix operator <<< : BitwiseShiftPrecedence

@inlinable @inline(__always)
func <<< (x: UInt64, k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

/// A GSL random-number generator (MT19937) owned by one draw: samples the draw's
/// uncertain assumptions and the number of new plans (Poisson). Freed with the value.
public final class DrawRandom {
    let pointer: UnsafeMutablePointer<gsl_rng>

    /// `purpose` separates generators of one draw (`StreamPurpose` lists them).
    public init(seed: UInt64, draw: Int, purpose: StreamPurpose = .assumptions) {
        precondition(purpose.generator == .gsl, "\(purpose) is not a GSL generator's purpose")
        hnf_gsl_disable_abort()
        pointer = gsl_rng_alloc(hnf_gsl_rng_mt19937())
        gsl_rng_set(pointer, UInt(SplitMix64.streamSeed(seed: seed, draw: draw, purpose: purpose.number)))
    }

    deinit { gsl_rng_free(pointer) }

    /// A value from `distribution`, clamped to `range` (a normal rate cannot go below 0).
    public func sample(
        _ distribution: Distribution, clampedTo range: ClosedRange<Double> = -.infinity ... .infinity
    ) -> Double {
        let value: Double
        switch distribution {
        case .fixed(let v): value = v
        case .normal(let mean, let sd): value = sd > 0 ? mean + gsl_ran_gaussian_ziggurat(pointer, sd) : mean
        case .lognormal(let mu, let sigma): value = gsl_ran_lognormal(pointer, mu, sigma)
        case .beta(let a, let b): value = gsl_ran_beta(pointer, a, b)
        case .uniform(let low, let high): value = gsl_ran_flat(pointer, low, high)
        }
        return Swift.min(Swift.max(value, range.lowerBound), range.upperBound)
    }

    /// Shares drawn from a Dirichlet distribution with concentrations `alpha` (GSL). Zero
    /// concentrations get share 0 and use no random numbers; a single positive one gets 1.
    public func dirichlet(_ alpha: [Double]) -> [Double] {
        let positive = alpha.indices.filter { alpha[$0] > 0 }
        var out = [Double](repeating: 0, count: alpha.count)
        guard positive.count > 1 else {
            if let only = positive.first { out[only] = 1 }
            return out
        }
        var given = positive.map { alpha[$0] }
        var theta = [Double](repeating: 0, count: positive.count)
        gsl_ran_dirichlet(pointer, positive.count, &given, &theta)
        for (k, i) in positive.enumerated() { out[i] = theta[k] }
        return out
    }

    /// Shares drawn from a Dirichlet distribution with `count` positive concentrations,
    /// written to `shares` (a single one gets 1 and uses no random numbers).
    public func dirichlet(_ alpha: UnsafePointer<Double>, count: Int, into shares: UnsafeMutablePointer<Double>) {
        if count == 1 { shares[0] = 1 } else if count > 1 { gsl_ran_dirichlet(pointer, count, alpha, shares) }
    }

    /// A Poisson count with mean `mean` (0 when the mean is 0).
    public func poisson(_ mean: Double) -> Int {
        mean > 0 ? Int(gsl_ran_poisson(pointer, mean)) : 0
    }

}

/// A categorical distribution over 0..<n as Walker's alias table (built by Vose's
/// method), so each pick costs one 64-bit random number and two lookups: the low 32 bits
/// choose a column, the high 32 bits choose between the column and its alias.
/// Read-only after creation, so shared between draws.
public final class Categorical: @unchecked Sendable {
    let n: UInt64
    /// One word a column: in the low 33 bits, keep the column when the high 32 bits of the
    /// random number fall below this (scaled to 2³²); above them, the column's alias. Read
    /// without bounds checks: `pick`'s column is below `n` by construction. Picks are the
    /// joiner kernel's inner loop.
    private let table: UnsafeMutablePointer<UInt64>
    private static let keepMask: UInt64 = (1 << 33) - 1

    /// `weights` need not add up to 1; at least one must be positive.
    public init(_ weights: [Double]) {
        precondition(weights.contains { $0 > 0 }, "a categorical distribution needs a positive weight")
        let count = weights.count
        n = UInt64(count)
        let total = weights.reduce(0) { $0 + max($1, 0) }
        var scaled = weights.map { max($0, 0) / total * Double(count) }
        var keep = [UInt64](repeating: 1 << 32, count: count)
        var alias = [Int32](repeating: 0, count: count)
        for i in 0..<count { alias[i] = Int32(i) }
        var small = scaled.indices.filter { scaled[$0] < 1 }, large = scaled.indices.filter { scaled[$0] >= 1 }
        while let s = small.popLast(), let l = large.last {
            keep[s] = UInt64(scaled[s] * 4_294_967_296.0)
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
        // Whatever remains is 1 up to rounding: kept outright.
        table = .allocate(capacity: count)
        for i in 0..<count { table[i] = keep[i] | UInt64(alias[i]) << 33 }
    }

    deinit { table.deallocate() }

    /// The index `r` (64 random bits) picks.
    @inline(__always)
    public func pick(_ r: UInt64) -> Int {
        let column = Int(((r & 0xFFFF_FFFF) &* n) >> 32)
        let entry = table[column]
        return (r >> 32) < entry & Self.keepMask ? column : Int(entry >> 33)
    }

    /// Column `i`'s kept share (scaled to 2³²) and its alias.
    func column(_ i: Int) -> (keep: UInt64, alias: Int) {
        precondition(i >= 0 && i < Int(n))
        return (table[i] & Self.keepMask, Int(table[i] >> 33))
    }
}
