import FootnoteCore
import Grounding
import Testing

@Suite("Evidence gate: names the knowledge base never mentions")
struct GateNameTests {
    let hits = [
        makeHit(1, "Then Anderson scored on a 2-yard run, and the Broncos' defense held Carolina's offense.", title: "Super Bowl 50"),
        makeHit(2, "Denver beat the Steelers in the divisional round. California's teams watched.", title: "Super Bowl 50"),
    ]

    @Test("names are the capitalised words after the first, lowercased, without a possessive; stopwords are not names")
    func names() {
        #expect(EvidenceGate.names(in: "Who won Super Bowl XLIX?") == ["super", "bowl", "xlix"])
        #expect(EvidenceGate.names(in: "What did Tesla's partners in New York build?") == ["tesla", "new", "york"])
        #expect(EvidenceGate.names(in: "In 2005, what did Doctor Who think?") == ["doctor"])
        #expect(EvidenceGate.names(in: "how many points did the defense give up?").isEmpty)
        #expect(EvidenceGate.names(in: "Where is 'Da Yuan' kept, and is it the Da Yuan of I?") == ["da", "yuan"])
        #expect(EvidenceGate.spelling(of: "tesla", in: "What did Tesla's partners build?") == "Tesla")
        #expect(EvidenceGate.spelling(of: "yuan", in: "Where is 'Da Yuan' kept?") == "Yuan")
        #expect(EvidenceGate.spelling(of: "absent", in: "Where is Yuan?") == "absent")
    }

    @Test("a name matches a word of the passages, title included; a long one also by its first five letters")
    func missing() {
        #expect(EvidenceGate.absent(EvidenceGate.names(in: "When did the Patriots play the Broncos?"), from: hits) == ["patriots"])
        // "Steelers" in the passage, "Californian" → "California's", the title's "Bowl", a possessive in the question.
        #expect(EvidenceGate.absent(EvidenceGate.names(in: "Did the Steelers or a Californian Bowl team beat Carolina's rivals?"), from: hits).isEmpty)
        // A short name is a whole word: "Den" is not "Denver".
        #expect(EvidenceGate.absent(EvidenceGate.names(in: "Who is Den?"), from: hits) == ["den"])
        #expect(EvidenceGate.absent(EvidenceGate.names(in: "Who won Super Bowl XLIX?"), from: hits) == ["xlix"])
    }

    @Test("with a cosine, a name the knowledge base never mentions costs namePenalty and is named in the formula")
    func penalty() {
        let gate = EvidenceGate.default
        let question = "How many points did the Patriots score against the Broncos?"
        var frequencies = ["point": 5, "patriot": 0, "score": 3, "bronco": 4]
        var features = gate.features(question: question, hits: hits, documentFrequency: frequencies, passageCount: 80)
        #expect(features.missingNames == ["patriots"])
        let lexical = gate.score(features)
        features.topSemanticScore = 0.6
        features.sentenceSimilarity = 0.6
        var without = features
        without.missingNames = []
        #expect(abs(gate.score(without) - gate.score(features) - gate.namePenalty) < 1e-9)
        #expect(gate.decide(features).formula.contains("no passage names patriots"), "\(gate.decide(features).formula)")
        #expect(!gate.decide(without).formula.contains("no passage names"))
        // Word evidence alone: no penalty (measured: it lowered abstention there).
        var wordsOnly = features
        wordsOnly.topSemanticScore = nil
        wordsOnly.sentenceSimilarity = nil
        #expect(gate.score(wordsOnly) == lexical)
        #expect(gate.penalisesNames(features) && !gate.penalisesNames(wordsOnly) && !gate.penalisesNames(without))
        // A name the knowledge base holds elsewhere is not missing: that is the paraphrase case.
        frequencies["patriot"] = 2
        #expect(gate.features(question: question, hits: hits, documentFrequency: frequencies, passageCount: 80).missingNames.isEmpty)
        var lenient = gate
        lenient.namePenalty = 0
        #expect(lenient.score(features) == gate.score(without))
    }

    @Test("an identifier the index never holds counts as a missing name; one it holds, or plain words, do not")
    func identifiers() {
        #expect(EvidenceGate.identifiers(in: "Which columns does the pg_stat_io view have, and is READ_COMMITTED_SNAPSHOT set?")
            == ["pg_stat_io", "read_committed_snapshot"])
        #expect(EvidenceGate.identifiers(in: "How do I set auto_explain.log_min_duration? (see pg_blocking_pids().)")
            == ["auto_explain.log_min_duration", "pg_blocking_pids"])
        #expect(EvidenceGate.identifiers(in: "What is the U.S. GDP in 3.5 years, e.g. now?").isEmpty)
        let gate = EvidenceGate.default
        let question = "What does the pg_stat_io view show about the defense?"
        var frequencies = ["pg": 3, "stat": 3, "io": 1, "view": 2, "show": 4, "defens": 2, "pg_stat_io": 0]
        #expect(gate.features(question: question, hits: hits, documentFrequency: frequencies, passageCount: 80).missingNames == ["pg_stat_io"])
        frequencies["pg_stat_io"] = 1
        #expect(gate.features(question: question, hits: hits, documentFrequency: frequencies, passageCount: 80).missingNames.isEmpty)
        // Not counted (an index that was not asked): not missing.
        frequencies["pg_stat_io"] = nil
        #expect(gate.features(question: question, hits: hits, documentFrequency: frequencies, passageCount: 80).missingNames.isEmpty)
    }
}
