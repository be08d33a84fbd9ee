import Foundation
import HighNeedsTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `hnf serve` started as a user starts it (the built binary, any free port), its JSON API
/// checked against `hnf run` with the same change and seed, its refusals and bounds; and
/// its page driven in real headless Chromium with the keyboard (Tests/Scripts/check_serve.py).
@Suite(.serialized) struct ServeTests {
    static let kent = "Scenarios/kent/baseline.yaml"
    static let reform = "Scenarios/kent/reforms/communities-of-schools.yaml"
    /// Few draws: the tests run a debug build.
    static let draws = 20
    static let lever = "funding.blocks.communities_of_schools.pot.2026"

    /// A running `hnf serve`, stopped when the test ends.
    final class Server: @unchecked Sendable {
        let process: Process
        let url: URL

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = TestSupport.hnfExecutable
            process.arguments = ["serve"] + arguments + ["--port", "0"]
            process.currentDirectoryURL = TestSupport.root
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line is the address: "hnf serve: http://127.0.0.1:PORT/".
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("hnf serve: "), let url = URL(string: String(text.dropFirst(11))) else {
                process.terminate()
                throw CancellationError()
            }
            self.url = url
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        /// A request's status, headers and body.
        func request(
            _ path: String, body: String? = nil, headers: [String: String] = [:]
        ) -> (status: Int, headers: [String: String], body: Data) {
            // Relative to the server's address, so a query stays a query.
            var request = URLRequest(url: URL(string: path, relativeTo: url)?.absoluteURL ?? url)
            request.timeoutInterval = 300
            if let body {
                request.httpMethod = "POST"
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var answer: (Int, [String: String], Data) = (0, [:], Data())
            URLSession.shared.dataTask(with: request) { data, response, _ in
                let http = response as? HTTPURLResponse
                let headers = (http?.allHeaderFields as? [String: String]) ?? [:]
                answer = (http?.statusCode ?? 0, headers, data ?? Data())
                done.signal()
            }.resume()
            done.wait()
            return answer
        }
    }

    static func runJSON(_ arguments: [String], draws: Int = draws) throws -> [String: Any] {
        let run = try TestSupport.runCLI(
            ["run", kent, reform] + arguments + ["--draws", "\(draws)", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
    }

    @Test func whatIfEqualsHnfRunWithTheSameChange() throws {
        let server = try Server([Self.kent, Self.reform, "--draws", "\(Self.draws)"])
        let page = server.request("")
        #expect(page.status == 200)
        #expect(page.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("name=\"\(Self.lever)\""), "the page has no box for the locality budget's pot")

        let scenario = try Self.object(server.request("api/v1/scenario").body)
        let levers = try #require(scenario["levers"] as? [[String: Any]])
        let topUp = try #require(levers.first { $0["path"] as? String == "settings.mainstream.top_up.B1" })
        #expect(topUp["unit"] as? String == "£" && topUp["value"] as? Double == 3230)
        #expect((topUp["comment"] as? String)?.contains("S251") == true, "the top-up's source comment is missing")
        let pot = try #require(levers.first { $0["path"] as? String == Self.lever })
        #expect((pot["file"] as? String)?.hasSuffix("communities-of-schools.yaml") == true)

        let answer = server.request("api/v1/run", body: #"{"set": [{"path": "\#(Self.lever)", "value": "60000000"}]}"#)
        #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        let served = try #require(try Self.object(answer.body)["run"] as? [String: Any])
        // Asked again, the same answer to the byte (kept, not run again: even its timing is the same).
        let again = server.request("api/v1/run", body: #"{"set": [{"path": "\#(Self.lever)", "value": "60000000"}]}"#)
        #expect(again.body == answer.body)
        let run = try Self.runJSON(["--set", "\(Self.lever)=60000000"])
        // Everything but provenance (which says when, where and by which command).
        for key in ["schema", "results", "stats"] {
            #expect(
                NSDictionary(dictionary: ["v": served[key] as Any]).isEqual(to: ["v": run[key] as Any]),
                "\(key) differs from hnf run with the same --set")
        }
        // One locality's money line by line: hnf explain's total for the same change.
        let ashford = try Self.object(
            server.request(
                "api/v1/run",
                body:
                    #"{"set": [{"path": "\#(Self.lever)", "value": "60000000"}], "locality": "Ashford", "year": 2027}"#
            ).body)
        let fragment = try #require(ashford["html"] as? String)
        #expect(fragment.contains("id=\"locality-money\""), "no line-by-line money for the locality")
        let explain = try TestSupport.runCLI(
            [
                "explain", Self.kent, Self.reform, "--set", "\(Self.lever)=60000000", "--locality", "ashford",
                "--financial-year",
                "2027", "--draws", "\(Self.draws)", "--format", "json",
            ])
        let total = try #require(try Self.object(Data(explain.stdout.utf8))["total"] as? Double)
        #expect(
            fragment.contains("data-figure=\"locality-total\" data-value=\"\(total)\""),
            "hnf explain's total is \(total)")
        #expect(server.request("api/v1/run", body: #"{"locality": "Atlantis"}"#).status == 400)
        let unchanged = try #require(
            try Self.object(server.request("api/v1/run", body: "{}").body)["run"] as? [String: Any])
        #expect(
            !NSDictionary(dictionary: ["v": unchanged["results"] as Any]).isEqual(to: ["v": served["results"] as Any]),
            "a smaller pot changed nothing")
    }

    @Test func badRequestsAreRefusedWithTheValidatorsWords() throws {
        let server = try Server([Self.kent, Self.reform, "--draws", "\(Self.draws)"])
        let negative = server.request(
            "api/v1/run", body: #"{"set": [{"path": "settings.mainstream.top_up.B1", "value": "-5"}]}"#)
        #expect(negative.status == 422)
        let problems = try #require(try Self.object(negative.body)["problems"] as? [[String: Any]])
        #expect(problems.first?["key_path"] as? String == "settings.mainstream.top_up.B1")
        #expect((problems.first?["expected"] as? String)?.contains("from 0") == true)
        let typo = server.request("api/v1/run", body: #"{"set": [{"path": "settings.mainstrem.fee", "value": "5"}]}"#)
        #expect(typo.status == 422 && String(decoding: typo.body, as: UTF8.self).contains("did you mean"))
        #expect(server.request("api/v1/run", body: "not json").status == 400)
        #expect(server.request("api/v1/run", body: #"{"draws": 5000}"#).status == 400)
        #expect(server.request("api/v1/run", body: String(repeating: "x", count: 100_000)).status == 413)
        #expect(server.request("no/such/page").status == 404)
        // The horizon, draws and seed are the server's; a post from another site, or not JSON, is refused.
        #expect(
            server.request("api/v1/run", body: #"{"set": [{"path": "meta.horizon", "value": "30"}]}"#).status == 400)
        #expect(server.request("api/v1/run", body: "{}", headers: ["Sec-Fetch-Site": "cross-site"]).status == 403)
        #expect(server.request("api/v1/run", body: "{}", headers: ["Content-Type": "text/plain"]).status == 415)
        // The server still answers after all of them.
        #expect(server.request("api/v1/run", body: "{}").status == 200)
    }

    /// What the page and a script see, as golden snapshots like every other command's
    /// output: the page, the scenario's levers and a refusal in the validator's words.
    @Test func answersAreTheirSnapshots() throws {
        let server = try Server([Self.kent, Self.reform, "--draws", "\(Self.draws)"])
        func pretty(_ body: Data) throws -> String {
            let object = try JSONSerialization.jsonObject(with: body)
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        let snapshots = SnapshotTests()
        try snapshots.compare(String(decoding: server.request("").body, as: UTF8.self), with: "serve-kent-page.html")
        try snapshots.compare(pretty(server.request("api/v1/scenario").body), with: "serve-kent-scenario.json")
        let refused = server.request(
            "api/v1/run", body: #"{"set": [{"path": "settings.mainstream.top_up.B1", "value": "-5"}]}"#)
        try snapshots.compare(pretty(refused.body), with: "serve-kent-refused.json")
    }

    @Test func aFullQueueIsToldToRetry() throws {
        let server = try Server([Self.kent, Self.reform, "--draws", "\(Self.draws)", "--queue", "0"])
        let long = #"{"draws": 200, "ticket": "long-run"}"#
        let first = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var firstStatus = 0
        DispatchQueue.global().async {
            firstStatus = server.request("api/v1/run", body: long).status
            first.signal()
        }
        // While it runs, how far it has got (each draw counted as it ends).
        var seen: [String: Any] = [:]
        for _ in 0..<100 {
            seen = try Self.object(server.request("api/v1/progress?ticket=long-run").body)
            // Running, and past loading the scenario: the draws to come are known.
            if seen["running"] as? Bool == true, (seen["total"] as? Int ?? 0) > 0 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        // The what-if, the baseline (not yet kept for 200 draws) and the mechanical run: 3 × 200.
        #expect(seen["running"] as? Bool == true && seen["total"] as? Int == 600, "progress: \(seen)")
        let second = server.request("api/v1/run", body: "{}")
        #expect(second.status == 429)
        #expect(second.headers["Retry-After"] == "2")
        first.wait()
        #expect(firstStatus == 200)
    }

    @Test func aWhatIfPastTheTimeLimitIsStoppedAndRefused() throws {
        let server = try Server([Self.kent, Self.reform, "--draws", "\(Self.draws)", "--time-limit", "1"])
        // 1,000 draws of three runs take far longer than a second in a debug build.
        let slow = server.request("api/v1/run", body: #"{"draws": 1000}"#)
        #expect(slow.status == 422)
        #expect(String(decoding: slow.body, as: UTF8.self).contains("did not finish in the time"))
        // Its place is free, and the server answers the next what-if as hnf run does.
        let quick = server.request("api/v1/run", body: #"{"draws": 2}"#)
        #expect(quick.status == 200)
        let run = try Self.runJSON([], draws: 2)
        let served = try #require(try Self.object(quick.body)["run"] as? [String: Any])
        #expect(NSDictionary(dictionary: ["v": served["results"] as Any]).isEqual(to: ["v": run["results"] as Any]))
    }

    @Test func aScenarioThatDoesNotLoadIsNotServed() throws {
        let broken = TestSupport.temporaryFile("broken.yaml", "schema: hnf.scenario.v1\nmeta: {name: x}\n")
        let result = try TestSupport.runCLI(["serve", broken, "--port", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nothing was served"), "\(result.stderr)")
        #expect(try TestSupport.runCLI(["serve", Self.kent, "--port", "70000"]).status == 2)
    }

    @Test(
        .enabled(
            if: ExternalTools.chromium != nil && ExternalTools.run("python3", ["--version"])?.status == 0,
            "needs Debian's chromium and python3 with axe-playwright-python; .ci/run installs them"))
    func pageDrivenByKeyboardInChromium() throws {
        let server = try Server([Self.kent, Self.reform, "--draws", "\(Self.draws)", "--max-draws", "40"])
        let folder = ExternalTools.temporaryFolder("serve")
        func write(_ arguments: [String], _ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            let data = try JSONSerialization.data(withJSONObject: try Self.runJSON(arguments))
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }
        let baseline = try write([], "baseline.json")
        let whatIf = try write(["--set", "\(Self.lever)=60000000"], "whatif.json")
        let downloads = folder.appendingPathComponent("downloads").path
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        let check = try #require(
            ExternalTools.run(
                "python3",
                [
                    TestSupport.path("Tests/Scripts/check_serve.py"), ExternalTools.chromium!,
                    server.url.absoluteString,
                    Self.lever, "60000000", "-5", baseline, whatIf, downloads,
                ], timeout: 900))
        #expect(check.status == 0 && check.stdout == "ok\n", "Chromium found:\n\(check.stdout)\(check.stderr)")
        // The downloaded changes are an overlay hnf runs to the same numbers.
        let overlay = downloads + "/what-if.yaml"
        let rerun = try TestSupport.runCLI(
            ["run", Self.kent, Self.reform, overlay, "--draws", "\(Self.draws)", "--format", "json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let expected = try Self.runJSON(["--set", "\(Self.lever)=60000000"])
        // The same numbers; only the title and the overlays' names say one more file was read.
        func numbers(_ run: [String: Any]) -> NSDictionary {
            var results = run["results"] as? [String: Any] ?? [:]
            results["title"] = nil
            results["overlays"] = nil
            return NSDictionary(dictionary: results)
        }
        let again = try Self.object(Data(rerun.stdout.utf8))
        #expect(numbers(again).isEqual(numbers(expected)), "the downloaded overlay does not reproduce the what-if")
        let report = try String(contentsOfFile: downloads + "/hnf-report.html", encoding: .utf8)
        #expect(report.contains("data-figure=\"plans-last\""))
        let workbook = try Data(contentsOf: URL(fileURLWithPath: downloads + "/hnf-what-if.xlsx"))
        #expect(workbook.starts(with: [0x50, 0x4B]), "the workbook is not an xlsx (zip) file")
    }
}
