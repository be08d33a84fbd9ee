import Foundation
import HighNeeds

/// The runs under way, by the ticket their page gave them, so the page can show how far
/// 1,000 draws have got. Only running what-ifs are on it (one at a time, a few queued),
/// and a ticket is a short word, so it stays small.
final class ProgressBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [String: DrawProgress] = [:]

    static let ticketRule = "letters, digits and -, 1 to 64 of them"

    static func isTicket(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    func start(_ ticket: String?, _ progress: DrawProgress) {
        guard let ticket else { return }
        lock.withLock { runs[ticket] = progress }
    }

    func end(_ ticket: String?) {
        guard let ticket else { return }
        lock.withLock { _ = runs.removeValue(forKey: ticket) }
    }

    func counts(_ ticket: String) -> (done: Int, total: Int)? {
        lock.withLock { runs[ticket] }?.counts
    }
}
