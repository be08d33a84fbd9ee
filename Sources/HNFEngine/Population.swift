import HNFCore
import HNFScenario

/// Children and young people with EHC plans in one draw, one record per child, held as a
/// struct of arrays so each yearly kernel streams through only the fields it reads.
///
/// Indices refer to the compiled `ProjectionPlan`: locality, need, setting and band are
/// positions in the scenario's lists; age is in years (0...25).
///
/// The columns live in buffers this value owns outright (no copy-on-write, no
/// uniqueness checks in the kernels): copying a population is explicit (`copy()`), and
/// each draw works on its own copy.
public struct Population: @unchecked Sendable {
    package final class Storage {
        var capacity: Int
        package var count = 0
        package var locality: UnsafeMutablePointer<UInt16>
        package var age: UnsafeMutablePointer<UInt8>
        var need: UnsafeMutablePointer<UInt8>
        package var setting: UnsafeMutablePointer<UInt8>
        var band: UnsafeMutablePointer<UInt8>
        /// Whole years since the plan started (0 for the starting stock and for joiners).
        package var yearsWithPlan: UnsafeMutablePointer<UInt8>
        /// Transition funding: 0 never funded; k + 1 while term k is the next to pay; 255 done.
        package var fundingTerm: UnsafeMutablePointer<UInt8>

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            locality = .allocate(capacity: self.capacity)
            age = .allocate(capacity: self.capacity)
            need = .allocate(capacity: self.capacity)
            setting = .allocate(capacity: self.capacity)
            band = .allocate(capacity: self.capacity)
            yearsWithPlan = .allocate(capacity: self.capacity)
            fundingTerm = .allocate(capacity: self.capacity)
        }

        func grow(to minimum: Int) {
            let newCapacity = max(minimum, capacity * 3 / 2)
            func move<T>(_ p: inout UnsafeMutablePointer<T>) {
                let q = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
                q.update(from: p, count: count)
                p.deallocate()
                p = q
            }
            move(&locality); move(&age); move(&need); move(&setting); move(&band); move(&yearsWithPlan);
            move(&fundingTerm)
            capacity = newCapacity
        }

        deinit {
            locality.deallocate(); age.deallocate(); need.deallocate()
            setting.deallocate(); band.deallocate(); yearsWithPlan.deallocate(); fundingTerm.deallocate()
        }
    }

    package let storage: Storage

    public init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    public var count: Int { storage.count }

    // Read-only views of the columns, valid while this population is alive and unchanged.
    public var locality: UnsafeBufferPointer<UInt16> { UnsafeBufferPointer(start: storage.locality, count: count) }
    public var age: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.age, count: count) }
    public var need: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.need, count: count) }
    public var setting: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.setting, count: count) }
    public var band: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.band, count: count) }
    public var yearsWithPlan: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.yearsWithPlan, count: count)
    }
    public var fundingTerm: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.fundingTerm, count: count) }

    /// A separate population with the same children (room for `extra` more).
    public func copy(extra: Int = 0) -> Population {
        let out = Population(capacity: count + extra)
        let s = storage, o = out.storage
        o.locality.update(from: s.locality, count: count)
        o.age.update(from: s.age, count: count)
        o.need.update(from: s.need, count: count)
        o.setting.update(from: s.setting, count: count)
        o.band.update(from: s.band, count: count)
        o.yearsWithPlan.update(from: s.yearsWithPlan, count: count)
        o.fundingTerm.update(from: s.fundingTerm, count: count)
        o.count = count
        return out
    }

    @inline(__always)
    public func append(locality l: Int, age a: Int, need n: Int, setting s: Int, band b: Int, yearsWithPlan y: Int) {
        let st = storage
        if st.count == st.capacity { st.grow(to: st.count + 1) }
        let i = st.count
        st.locality[i] = UInt16(l); st.age[i] = UInt8(a); st.need[i] = UInt8(n)
        st.setting[i] = UInt8(s); st.band[i] = UInt8(b); st.yearsWithPlan[i] = UInt8(min(y, 255)); st.fundingTerm[i] = 0
        st.count = i + 1
    }
}
