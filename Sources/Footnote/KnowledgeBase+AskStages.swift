import Foundation
import FootnoteCore
import Grounding

/// Milliseconds per stage of one `ask`.
struct AskStopwatch {
    private var clock = Date()

    /// Milliseconds since the previous lap (or the start).
    mutating func lap() -> Double {
        let now = Date()
        defer { clock = now }
        return now.timeIntervalSince(clock) * 1000
    }
}

/// What retrieval found for a knowledge question, and the evidence gate's reading of it.
struct AskEvidence {
    var mode: SearchMode
    var gate: EvidenceGate
    var hits: [SearchHit]
    var passageCount: Int
    var features: EvidenceFeatures
    var decision: GateDecision
    /// The question's embedding and the sentence cosines measured so far, shared by the gate and the quotes.
    var cosines: SentenceCosines
    /// Passages skipped because they repeat one of `hits` (its index).
    var copies: [(hit: SearchHit, repeats: Int)] = []

    /// The skipped copies of `sources`, named by the number of the source each repeats.
    func skippedCopies(of sources: [AnswerSource]) -> [SkippedCopy] {
        copies.compactMap { copy in
            let original = hits[copy.repeats]
            guard let source = sources.first(where: { $0.hit.chunkID == original.chunkID }) else { return nil }
            return SkippedCopy(path: copy.hit.path, page: copy.hit.page, citation: copy.hit.citation, repeats: source.number)
        }
    }
}

/// The stages of `ask` after routing.
extension KnowledgeBase {
    /// The routes that need no retrieval: the calculator, small talk and citation lookups.
    func answerWithoutRetrieval(_ routing: RoutingDecision, request: AskRequest, into answer: inout GroundedAnswer) {
        switch routing.route {
        case .calculator:
            answer.kind = .calculator
            if let calculation = routing.calculation {
                answer.sentences = [AnswerSentence(text: calculation.text, citations: [], verdict: .exact)]
            } else {
                answer.sentences = [AnswerSentence(text: routing.calculationError ?? "The calculator has no result.", citations: [], verdict: .notAClaim)]
            }
        case .smallTalk:
            answer.kind = .smallTalk
            answer.sentences = [AnswerSentence(text: routing.reply ?? "Hello.", citations: [], verdict: .notAClaim)]
        case .citationLookup:
            answer.kind = .citationLookup
            for id in routing.citationIDs {
                do {
                    let view = try cite(id, contextLength: 0, accessGroups: request.filter.accessGroups)
                    let citation = AnswerCitation(number: 0, citation: view.citation, chunkCitation: view.citation,
                                                  quote: view.text, overlap: 1, supports: true)
                    answer.sentences.append(AnswerSentence(text: "\(view.path): “\(view.text)”", citations: [citation], verdict: .exact))
                } catch {
                    answer.warnings.append("\(error)")
                }
            }
        case .knowledge:
            break
        }
    }

    /// Retrieval and the evidence gate for a knowledge question. The mode is resolved once (retrieval and the
    /// gate, which reads the margin of fused scores, agree on it) and the question is embedded once: the
    /// vector scan and the sentence cosines share it.
    func retrieve(_ request: AskRequest, warnings: inout [String], timings: inout StageTimings,
                          stopwatch: inout AskStopwatch) async throws -> AskEvidence {
        let vectors = request.mode == .lexical ? VectorState(indexed: nil, hasVectors: false) : try vectorState()
        let mode = effectiveMode(request.mode, vectors: vectors)
        let (gate, origin) = gateInForce(request, warnings: &warnings)
        var cosines = SentenceCosines(question: request.question)
        if mode != .lexical, let embedder {
            cosines.queryVector = try await embedder.embed([request.question], role: .query).first
        }
        let (hits, copies) = try evidencePassages(SearchRequest(
            query: request.question, limit: max(request.sourceLimit, gate.depth), filter: request.filter,
            mode: mode, explain: true), queryVector: cosines.queryVector, vectors: vectors)
        timings.retrieve = stopwatch.lap()
        let passages = try store.chunkCount(accessGroups: request.filter.accessGroups)
        let features = try await evidence(question: request.question, hits: hits, mode: mode, gate: gate, filter: request.filter,
                                          passageCount: passages, similarity: gate.similarityWeight > 0, cosines: &cosines)
        var decision = gate.decide(features)
        decision.origin = origin
        timings.gate = stopwatch.lap()
        return AskEvidence(mode: mode, gate: gate, hits: hits, passageCount: passages, features: features, decision: decision,
                           cosines: cosines, copies: copies)
    }

    /// The gate said no: say so, name what the index never mentions, and show the nearest passages.
    func abstain(_ request: AskRequest, evidence: AskEvidence, into answer: inout GroundedAnswer) {
        answer.kind = .abstained
        var text = "The knowledge base does not answer this."
        if evidence.gate.penalisesNames(evidence.features) {
            text += " Nothing in it mentions "
                + evidence.features.missingNames.map { "“\(EvidenceGate.spelling(of: $0, in: request.question))”" }.joined(separator: ", ") + "."
        }
        answer.sentences = [AnswerSentence(text: text, citations: [], verdict: .noAnswer)]
        answer.sources = evidence.hits.prefix(min(3, request.sourceLimit)).enumerated().map { AnswerSource(number: $0.offset + 1, hit: $0.element) }
    }

    /// No model configured, or one that only reads (`reader`): the answer is quoted from the top passages (or,
    /// when nothing fits, an abstention).
    func answerExtractively(_ request: AskRequest, evidence: inout AskEvidence, into answer: inout GroundedAnswer,
                            reader: (reader: SentenceReader, model: any LanguageModel)? = nil) async throws {
        answer.kind = .extractive
        let sources = evidence.hits.prefix(request.sourceLimit).enumerated().map { AnswerSource(number: $0.offset + 1, hit: $0.element) }
        answer.sources = sources
        var preferred: SentenceChoice?
        if let reader {
            preferred = try await readerChoice(request, reader: reader.reader, model: reader.model, sources: sources, evidence: &evidence, into: &answer)
        }
        answer.sentences = try await quote(request, sources: sources, evidence: &evidence, preferred: preferred)
        if answer.sentences.isEmpty {
            answer.kind = .abstained
            answer.sentences = [AnswerSentence(text: "The knowledge base does not answer this.", citations: [], verdict: .noAnswer)]
        }
    }
}
