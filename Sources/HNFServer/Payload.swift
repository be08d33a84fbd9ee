import Hummingbird

/// An answer as bytes: what the cache keeps and hands to every request that asked the same
/// question while it was being worked out (a Hummingbird `Response` holds a body writer,
/// which cannot be kept or shared).
struct Payload: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    var response: Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// Answers already worked out, by question (the request's changes, draws, locality, year
/// and kind), and the questions being worked out now. Same question, same seed: the same
/// answer, so a room of Forum members looking at one what-if costs one run, not twenty.
/// Only successful answers are kept, the last `capacity` of them (about 1.2 MB each for Kent).
actor AnswerCache {
    enum Claim {
        /// Work it out, then `finish`.
        case lead
        case answered(Payload)
    }

    let capacity: Int
    private var kept: [(key: String, payload: Payload)] = []
    private var waiting: [String: [CheckedContinuation<Payload, Never>]] = [:]

    init(capacity: Int) { self.capacity = capacity }

    /// The kept answer, or the one being worked out (waited for), or `.lead`.
    func claim(_ key: String) async -> Claim {
        if let i = kept.firstIndex(where: { $0.key == key }) {
            let hit = kept.remove(at: i)
            kept.append(hit)
            return .answered(hit.payload)
        }
        if waiting[key] != nil {
            return .answered(await withCheckedContinuation { waiting[key]!.append($0) })
        }
        waiting[key] = []
        return .lead
    }

    /// Hands `payload` to everyone waiting for `key`, and keeps it if it is a success.
    func finish(_ key: String, _ payload: Payload) {
        for continuation in waiting.removeValue(forKey: key) ?? [] { continuation.resume(returning: payload) }
        guard payload.status == .ok else { return }
        kept.append((key, payload))
        if kept.count > capacity { kept.removeFirst() }
    }
}
