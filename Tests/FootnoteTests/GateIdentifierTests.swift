@testable import Footnote
import FootnoteCore
import Foundation
import Grounding
import Testing

@Suite("Evidence gate over a real index: identifiers the documents never write")
struct GateIdentifierTests {
    @Test("an identifier is counted as the phrase of its parts; one the index lacks is named in the abstention")
    func identifierCounted() async throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("monitoring.md", """
            # Monitoring

            The pg_stat_activity view shows one row per server process, with its state and current query.
            The view is updated when a backend changes state, so a long query shows as active until it ends.
            """)
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        let counts = try fixture.knowledgeBase.documentFrequencies("What do pg_stat_activity and pg_stat_io show?", filter: .init())
        #expect(counts["pg_stat_activity"] == 1)
        #expect(counts["pg_stat_io"] == 0)
        // Lexical retrieval has no cosine, so the penalty does not apply; the feature is still measured.
        let answer = try await fixture.knowledgeBase.ask(AskRequest(question: "Which columns does the pg_stat_io view show?", mode: .lexical))
        #expect(answer.gate?.features.missingNames == ["pg_stat_io"])
        let known = try await fixture.knowledgeBase.ask(AskRequest(question: "Which columns does the pg_stat_activity view show?", mode: .lexical))
        #expect(known.gate?.features.missingNames == [])
    }
}
