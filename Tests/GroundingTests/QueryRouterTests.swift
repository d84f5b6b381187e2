import FootnoteCore
import Grounding
import Testing

@Suite("Query routing")
struct QueryRouterTests {
    let router = QueryRouter()

    @Test("the labelled suite has at least 200 varied queries and routes at ≥ 0.95 accuracy (route and difficulty)")
    func suiteAccuracy() {
        let cases = RoutingSuite.cases
        #expect(cases.count >= 200)
        var correct = 0
        var failures: [String] = []
        for item in cases {
            let decision = router.route(item.query)
            let ok = decision.route == item.route && (item.difficulty == nil || decision.difficulty == item.difficulty)
            if ok { correct += 1 } else {
                failures.append("\(item.query) → \(decision.route.rawValue)/\(decision.difficulty.rawValue), expected \(item.route.rawValue)/\(item.difficulty?.rawValue ?? "-")")
            }
        }
        let accuracy = Double(correct) / Double(cases.count)
        print("routing suite: \(correct)/\(cases.count) correct, accuracy \(String(format: "%.4f", accuracy))")
        for failure in failures { print("  misrouted: \(failure)") }
        #expect(accuracy >= 0.95, "accuracy \(accuracy); misrouted: \(failures)")
    }

    @Test("every route is reachable and carries a reason")
    func reasons() {
        #expect(router.route("What is 2 + 3?").calculation?.value == 5)
        #expect(router.route("hello").reply != nil)
        #expect(router.route("see fn:1714eed93f95:0-517").citationIDs == ["fn:1714eed93f95:0-517"])
        #expect(!router.route("What is WAL?").reason.isEmpty)
    }
}
