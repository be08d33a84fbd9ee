import HNFCore
import HNFScenario

/// A fixed-size buffer of plain values that its owner allocates once and frees with it.
/// The kernels take `pointer` into a local and index it in their loops: no copy-on-write
/// uniqueness checks, no exclusivity bookkeeping, no closure per array.
///
/// Sendable because a buffer shared between draws (the plan's tables) is never written
/// after it is built; a buffer a draw writes belongs to that draw alone.
package final class OwnedBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(_ values: [Element]) {
        count = values.count
        pointer = .allocate(capacity: max(count, 1))
        values.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: count) }
    }

    init(repeating value: Element, count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    package subscript(i: Int) -> Element {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    func fill(_ value: Element) { pointer.update(repeating: value, count: count) }

    var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
