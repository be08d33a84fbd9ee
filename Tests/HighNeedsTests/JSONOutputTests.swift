import Foundation
import HighNeeds
import Testing

/// The JSON writer every report uses: what scripts rely on.
@Suite struct JSONOutputTests {
    @Test(
        arguments: [
            (["p95": 1, "p5": 2, "p10": 3, "mean": 4], ["mean", "p5", "p10", "p95"]),
            (["b2": 0, "b10": 0, "a": 0], ["a", "b2", "b10"]),
        ] as [([String: Int], [String])])
    func keysInNaturalOrder(object: [String: Int], order: [String]) {
        let text = JSONOutput.encode(object)
        let positions = order.map { text.range(of: "\"\($0)\"")!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func valuesReadBackExactly() throws {
        let object: [String: Any] = [
            "whole": 20_635.0, "fraction": 0.1, "tiny": 1e-7, "big": 3.5e20, "int": 7, "seed": UInt64(20250101),
            "text": "a \"quoted\"\\ line\nwith/slash\u{01}", "yes": true, "none": NSNull(), "nan": Double.nan,
            "list": [1.5, 2], "empty": [String: Any](),
        ]
        let text = JSONOutput.encode(object)
        #expect(text.contains("\"whole\" : 20635,"))
        #expect(text.contains("with/slash"))
        let back = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(back["fraction"] as? Double == 0.1)
        #expect(back["tiny"] as? Double == 1e-7)
        #expect(back["big"] as? Double == 3.5e20)
        #expect(back["seed"] as? Int == 20250101)
        #expect(back["text"] as? String == "a \"quoted\"\\ line\nwith/slash\u{01}")
        #expect(back["yes"] as? Bool == true)
        #expect(back["none"] is NSNull && back["nan"] is NSNull)
        #expect((back["list"] as? [Double]) == [1.5, 2])
        #expect((back["empty"] as? [String: Any])?.isEmpty == true)
    }
}
