import Foundation
import HighNeeds
import Hummingbird
import Logging
import NIOCore

/// `hnf serve`: one scenario held open (a `WhatIfSession`), its page and a small JSON API
/// (Docs/forum-members.md, "The what-if page"; routes in Docs/json-contracts.md). Every what-if goes through the scenario loader's checks, so a
/// value the validator refuses is answered with the validator's own message (422), never
/// a server error; nothing in a request names a file.
public struct WhatIfServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        /// 0: any free port (the URL printed says which).
        public var port = 8080
        /// Draws for an interactive what-if; the page offers up to `maxDraws` on request.
        public var draws = 200
        public var maxDraws = 1000
        public var seed: UInt64
        /// Threads per projection (results do not depend on it).
        public var threads: Int
        /// Projections at once, and requests waiting beyond them before a 429.
        public var running = 1
        public var waiting = 32
        /// Successful answers kept for requests that ask the same again (a page's answer,
        /// with its `hnf.run.v1` document, is about 1.2 MB for Kent).
        public var keptAnswers = 16
        public var maxBodyBytes = 64 * 1024
        /// A what-if still running after this is stopped and refused (its place freed).
        public var deadlineSeconds: TimeInterval = 120
        public var maxSettings = 200

        public init(seed: UInt64, threads: Int) {
            self.seed = seed
            self.threads = threads
        }
    }

    let session: WhatIfSession
    let options: Options
    let gate: RunGate
    let cache: AnswerCache
    let progress = ProgressBoard()

    public init(session: WhatIfSession, options: Options) {
        self.session = session
        self.options = options
        gate = RunGate(running: options.running, waiting: options.waiting)
        cache = AnswerCache(capacity: options.keptAnswers)
    }

    /// Serves until the process is interrupted (SIGINT or SIGTERM end it gracefully);
    /// `onRunning` is given the page's URL once the port is bound.
    public func run(onRunning: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        router.add(middleware: SecurityHeaders(loopback: Self.isLoopback(options.host)))
        addRoutes(to: router)
        var logger = Logger(label: "hnf-serve")
        logger.logLevel = .warning
        let host = options.host, port = options.port
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "hnf"),
            onServerRunning: { channel in
                let shown = host.contains(":") ? "[\(host)]" : host
                onRunning("http://\(shown):\(channel.localAddress?.port ?? port)/")
            },
            logger: logger)
        try await app.runService()
    }
}

extension WhatIfServer {
    /// An address only this machine can reach.
    public static func isLoopback(_ host: String) -> Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }
}

/// The headers every answer carries: the page may load nothing but its own script and
/// stylesheet and talk to nothing but this server; nothing is cached or framed. And the
/// requests refused before any work: a what-if from another site (a page elsewhere posting
/// to 127.0.0.1, which a browser sends without asking), and, on the loopback address, one
/// naming another host (a DNS-rebinding page reading the answers).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    let loopback: Bool

    /// Why a request is refused before it is read, if it is.
    func refusal(_ request: Request) -> (HTTPResponse.Status, String)? {
        if loopback, let host = request.head.authority {
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
            if !["127.0.0.1", "localhost", "[::1]"].contains(name) {
                return (.forbidden, "a request for host \(host); expected this machine's loopback address")
            }
        }
        if request.headers.contains(where: { $0.name.canonicalName == "sec-fetch-site" && $0.value == "cross-site" }) {
            return (.forbidden, "a request from another site; expected one from this page")
        }
        if request.method == .post, request.headers[.contentType]?.hasPrefix("application/json") != true {
            return (.unsupportedMediaType, "a body that is not application/json")
        }
        return nil
    }

    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        if let (status, found) = refusal(request) {
            response =
                WhatIfServer.problems(status, [API.Problem(found: found, expected: "a request from the page")])
                .response
        } else {
            do { response = try await next(request, context) } catch let error as HTTPResponseError {
                // Unknown routes and methods: the status Hummingbird chose, with a plain message.
                response = Response(
                    status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "\(error.status.code) \(error.status.reasonPhrase)\n")))
            }
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
