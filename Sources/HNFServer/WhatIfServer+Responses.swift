import Foundation
import HighNeeds
import Hummingbird

/// The answers: a what-if for the page (`hnf.serve.run.v1`: the results as HTML and the
/// `hnf.run.v1` document `hnf run --format json` writes), the printed report, the workbook;
/// problems (`hnf.serve.problems.v1`); and the page's own files.
extension WhatIfServer {
    func respond(
        _ kind: Answer, _ outcome: WhatIfSession.Outcome, _ request: Parsed, started: Date
    ) async
        -> Payload
    {
        let report = outcome.report, settings = request.settings, draws = request.draws
        var provenance = Provenance.files(session.scenario)
        provenance["tool"] = "hnf serve"
        provenance["version"] = HighNeedsVersion.current
        provenance["seed"] = options.seed
        provenance["draws"] = draws
        provenance["years"] = session.scenario.meta.horizon
        provenance["set"] = settings
        provenance["national_data"] = session.national?.directory.path ?? NSNull()
        let files = session.scenario.files
        switch kind {
        case .page:
            let seconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
            let run = report.render(.json, provenance: provenance)
            let html: String
            do {
                let money = try request.locality.map { id in
                    try Explanation(outcome.projection, locality: id, year: request.year)
                }
                html = try ForumReport(
                    run: report, whatIfs: [], files: files, provenance: provenance, assumptions: session.assumptions
                ).liveHTML(
                    locality: money)
            } catch { return Self.failure(error) }
            let quoted = String(decoding: try! JSONEncoder().encode(html), as: UTF8.self)
            let body =
                #"{"schema":"hnf.serve.run.v1","draws":\#(draws),"seed":\#(options.seed),"seconds":\#(seconds),"html":\#(quoted),"run":\#(run)}"#
            return Self.text(body, "application/json")
        case .report:
            do {
                let page = try ForumReport(
                    run: report, whatIfs: [], files: files, provenance: provenance, assumptions: session.assumptions
                ).html()
                return Self.download(Data(page.utf8), "text/html; charset=utf-8", name: "hnf-report.html")
            } catch { return Self.failure(error) }
        case .workbook:
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "hnf-serve-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: scratch) }
            do {
                try report.writeWorkbook(to: scratch.path, provenance: provenance)
                let data = try Data(contentsOf: scratch)
                return Self.download(
                    data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "hnf-what-if.xlsx")
            } catch { return Self.failure(error) }
        }
    }

    static func text(_ text: String, _ type: String) -> Payload {
        let charset = type.hasPrefix("text/") ? "; charset=utf-8" : ""
        return Payload(status: .ok, headers: [.contentType: type + charset], body: ByteBuffer(string: text))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Payload {
        let data = (try? API.encoder.encode(value)) ?? Data("{}".utf8)
        return Payload(status: status, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: data))
    }

    static func download(_ data: Data, _ type: String, name: String) -> Payload {
        Payload(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ByteBuffer(bytes: data))
    }

    static func problems(_ status: HTTPResponse.Status, _ problems: [API.Problem]) -> Payload {
        json(API.Problems(problems: problems), status: status)
    }

    /// Writing an answer failed on the server's side (a file it could not write): said,
    /// with the reason, as a 500 — never for anything in the request.
    static func failure(_ error: Error) -> Payload {
        problems(
            .internalServerError,
            [API.Problem(found: "\(error)", expected: "the answer written (this is hnf's problem, not the request's)")])
    }
}
