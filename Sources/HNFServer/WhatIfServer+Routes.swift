import Foundation
import HighNeeds
import Hummingbird

/// The routes (Docs/json-contracts.md, "hnf serve"): the page and its two files, the scenario's levers,
/// and a what-if run three ways — for the page, as the printed report, as the workbook.
extension WhatIfServer {
    enum Answer {
        case page, report, workbook
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Self.text(Page(session: session, options: options).html(), "text/html").response }
        router.get("app.js") { _, _ in Self.text(Page.script, "text/javascript").response }
        router.get("app.css") { _, _ in Self.text(Page.stylesheet, "text/css").response }
        router.get("api/v1/scenario") { _, _ in Self.json(describe()).response }
        router.get("api/v1/progress") { request, _ in
            let counts = progress.counts(request.uri.queryParameters.get("ticket") ?? "")
            return Self.json(API.Progress(running: counts != nil, done: counts?.done ?? 0, total: counts?.total ?? 0))
                .response
        }
        router.post("api/v1/run") { request, _ in await answer(request, .page).response }
        router.post("api/v1/report") { request, _ in await answer(request, .report).response }
        router.post("api/v1/workbook") { request, _ in await answer(request, .workbook).response }
    }

    func describe() -> API.ScenarioDescription {
        let scenario = session.scenario
        return API.ScenarioDescription(
            title: scenario.title, scenario: session.scenarioPath, overlays: scenario.overlayNames,
            baseYear: scenario.meta.baseYear, horizon: scenario.meta.horizon, seed: options.seed,
            draws: options.draws, maxDraws: options.maxDraws,
            localities: scenario.localities.map { API.Locality(id: $0.id, name: $0.name) },
            financialYears: financialYears, levers: session.levers.levers)
    }

    var financialYears: [Int] { session.financialYears }

    /// Reads and checks a what-if request; answers it from the cache, or waits for the
    /// same question already being worked out, or waits its turn and works it out.
    func answer(_ request: Request, _ kind: Answer) async -> Payload {
        let parsed: Parsed
        switch await read(request) {
        case .success(let ok): parsed = ok
        case .failure(let refused): return refused.response
        }
        let key = parsed.key(kind)
        if case .answered(let payload) = await cache.claim(key) { return payload }
        let payload = await work(parsed, kind)
        await cache.finish(key, payload)
        return payload
    }

    func work(_ parsed: Parsed, _ kind: Answer) async -> Payload {
        guard await gate.enter() else {
            var response = Self.problems(
                .tooManyRequests,
                [
                    API.Problem(
                        found: "every place in the queue taken", expected: "a moment's wait, then the same request")
                ])
            response.headers[.retryAfter] = "2"
            return response
        }
        let started = Date()
        let session = self.session, options = self.options
        let counter = DrawProgress(deadline: Date().addingTimeInterval(options.deadlineSeconds))
        progress.start(parsed.ticket, counter)
        defer { progress.end(parsed.ticket) }
        let result = await RunGate.offload {
            Result { () throws(InvalidInput) -> WhatIfSession.Outcome in
                try session.run(
                    settings: parsed.settings, draws: parsed.draws, seed: options.seed, threads: options.threads,
                    profile: kind == .workbook, progress: counter)
            }
        }
        await gate.leave()
        switch result {
        case .failure(let invalid):
            return Self.problems(.unprocessableContent, invalid.diagnostics.map(API.Problem.init))
        case .success(let outcome): return await respond(kind, outcome, parsed, started: started)
        }
    }

    /// A refused request and the answer that says why.
    struct Refusal: Error {
        var response: Payload
    }

    /// A request as read: its settings as `--set` takes them, its draws, and the locality
    /// and financial year to show line by line.
    struct Parsed: Sendable {
        var settings: [String]
        var draws: Int
        var locality: String?
        var year: Int
        var ticket: String?

        /// The question, for the cache: two requests with the same key get the same answer.
        func key(_ kind: Answer) -> String {
            // In request order (a later value for a path wins), and encoded so no two
            // different lists of settings read the same.
            let encoded = (try? JSONEncoder().encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return "\(kind)|\(draws)|\(locality ?? "")|\(year)|" + encoded
        }
    }

    /// The request read, or why it is refused.
    func read(_ request: Request) async -> Result<Parsed, Refusal> {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: options.maxBodyBytes) } catch {
            return .failure(
                Refusal(
                    response: Self.problems(
                        .contentTooLarge,
                        [API.Problem(found: "a larger body", expected: "at most \(options.maxBodyBytes / 1024) KB")])))
        }
        let decoded: API.RunRequest
        do { decoded = try JSONDecoder().decode(API.RunRequest.self, from: Data(body.readableBytesView)) } catch {
            return .failure(
                Refusal(
                    response: Self.problems(
                        .badRequest,
                        [
                            API.Problem(
                                found: "a body that is not the JSON expected",
                                expected:
                                    #"{"set": [{"path": "settings.mainstream.top_up.B1", "value": "3500"}], "draws": 200}"#
                            )
                        ])))
        }
        var problems: [API.Problem] = []
        let draws = decoded.draws ?? options.draws
        if !(1...options.maxDraws).contains(draws) {
            problems.append(API.Problem(keyPath: "draws", found: "\(draws)", expected: "from 1 to \(options.maxDraws)"))
        }
        let settings = decoded.set ?? []
        if settings.count > options.maxSettings {
            problems.append(
                API.Problem(
                    keyPath: "set", found: "\(settings.count) values", expected: "at most \(options.maxSettings)"))
        }
        for setting in settings where KeyPath.parse(setting.path) == nil || setting.path.contains("=") {
            problems.append(
                API.Problem(
                    keyPath: setting.path, found: "a malformed key path",
                    expected: "a key path such as settings.mainstream.top_up.B1"))
        }
        // The horizon, draws and seed are the server's (its options), so every answer is
        // paired with the baseline it keeps.
        for setting in settings where setting.path == "meta" || setting.path.hasPrefix("meta.") {
            problems.append(
                API.Problem(
                    keyPath: setting.path, found: "a change to the scenario's meta section",
                    expected: "a value outside meta (the server's --draws and --seed set the run)"))
        }
        let year = decoded.year ?? financialYears.last!
        if !financialYears.contains(year) {
            problems.append(
                API.Problem(
                    keyPath: "year", found: "\(year)",
                    expected: "a projected financial year, \(financialYears.first!) to \(financialYears.last!)"))
        }
        var locality: String?
        if let given = decoded.locality, !given.isEmpty {
            locality = session.scenario.localityID(matching: given)
            if locality == nil {
                problems.append(
                    API.Problem(
                        keyPath: "locality", found: "\"\(given)\"",
                        expected: "one of \(session.scenario.localities.map(\.id).joined(separator: ", "))"))
            }
        }
        if let ticket = decoded.ticket, !ProgressBoard.isTicket(ticket) {
            problems.append(
                API.Problem(keyPath: "ticket", found: "\"\(ticket.prefix(80))\"", expected: ProgressBoard.ticketRule))
        }
        guard problems.isEmpty else { return .failure(Refusal(response: Self.problems(.badRequest, problems))) }
        return .success(
            Parsed(
                settings: settings.map { "\($0.path)=\($0.value)" }, draws: draws, locality: locality, year: year,
                ticket: decoded.ticket))
    }
}
