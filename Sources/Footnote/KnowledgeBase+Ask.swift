import Foundation
import FootnoteCore
import Grounding
import LanguageModels
import SearchIndex

extension KnowledgeBase {
    /// Answers a question with machine-checked citations: route → retrieve → evidence gate →
    /// (extractive answer | prompt → language model → verify). Every decision is in the result.
    public func ask(_ request: AskRequest) async throws -> GroundedAnswer {
        var timings = StageTimings()
        var clock = Date()
        func lap() -> Double {
            let now = Date()
            defer { clock = now }
            return now.timeIntervalSince(clock) * 1000
        }
        let routing = QueryRouter().route(request.question)
        timings.route = lap()
        var answer = GroundedAnswer(question: request.question, kind: .abstained, routing: routing, strict: request.strict)
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
            // Resolved once: retrieval and the evidence gate (which reads the margin of fused scores) agree on it.
            let mode = try effectiveMode(request.mode)
            let (gate, origin) = gateInForce(request, warnings: &answer.warnings)
            // The question is embedded once: the vector scan and the sentence cosines share it.
            var cosines = SentenceCosines(question: request.question)
            if mode != .lexical, let embedder {
                cosines.queryVector = try await embedder.embed([request.question], role: .query).first
            }
            let hits = try search(SearchRequest(
                query: request.question, limit: max(request.sourceLimit, gate.depth), filter: request.filter,
                mode: mode, explain: true), queryVector: cosines.queryVector)
            timings.retrieve = lap()
            let passages = try index.chunkCount(accessGroups: request.filter.accessGroups)
            let features = try await evidence(question: request.question, hits: hits, mode: mode, gate: gate, filter: request.filter,
                                              passageCount: passages, similarity: gate.similarityWeight > 0, cosines: &cosines)
            var decision = gate.decide(features)
            decision.origin = origin
            answer.gate = decision
            timings.gate = lap()
            if decision.abstain {
                answer.kind = .abstained
                var text = "The knowledge base does not answer this."
                if gate.penalisesNames(features) {
                    text += " Nothing in it mentions " + features.missingNames.map { "“\(EvidenceGate.spelling(of: $0, in: request.question))”" }.joined(separator: ", ") + "."
                }
                answer.sentences = [AnswerSentence(text: text, citations: [], verdict: .noAnswer)]
                answer.sources = hits.prefix(min(3, request.sourceLimit)).enumerated().map { AnswerSource(number: $0.offset + 1, hit: $0.element) }
                break
            }
            if let model = request.model(for: routing.difficulty) {
                try await generate(request, model: model, hits: Array(hits.prefix(request.sourceLimit)),
                                   weights: features.terms, passageCount: passages, into: &answer, timings: &timings, lap: lap)
                if !answer.sentences.contains(where: { $0.verdict == .supported }) {
                    // Nothing the model wrote is backed: add what the sources themselves say, quoted.
                    let quoted = try await quote(request, sources: answer.sources, features: features, gate: gate, cosines: &cosines)
                    answer.sentences += quoted.map { AnswerSentence(text: $0.text, citations: $0.citations, verdict: .quoted) }
                    timings.verify += lap()
                }
            } else {
                answer.kind = .extractive
                let sources = hits.prefix(request.sourceLimit).enumerated().map { AnswerSource(number: $0.offset + 1, hit: $0.element) }
                answer.sources = sources
                answer.sentences = try await quote(request, sources: sources, features: features, gate: gate, cosines: &cosines)
                timings.generate = lap()
                if answer.sentences.isEmpty {
                    answer.kind = .abstained
                    answer.sentences = [AnswerSentence(text: "The knowledge base does not answer this.", citations: [], verdict: .noAnswer)]
                }
            }
        }
        let cited = Set(answer.sentences.flatMap { $0.citations.filter(\.supports).map(\.number) })
        for index in answer.sources.indices { answer.sources[index].cited = cited.contains(answer.sources[index].number) }
        answer.timings = timings
        return answer
    }

    /// The extractive answer from `sources`: with vectors and the model the weight was measured with,
    /// sentences are also ranked by meaning (the cosines the gate measured are reused).
    private func quote(_ request: AskRequest, sources: [AnswerSource], features: EvidenceFeatures, gate: EvidenceGate,
                       cosines: inout SentenceCosines) async throws -> [AnswerSentence] {
        if request.extractive.similarityWeight > 0, features.topSemanticScore != nil, cosinesFitted(for: gate) {
            try await measure(request.extractive.candidateSentences(question: request.question, sources: sources), into: &cosines)
        }
        return request.extractive.answer(question: request.question, sources: sources, weights: features.terms, similarity: cosines.values)
    }

    /// Prompt → model (streamed when asked) → parse citations → verify → strict filtering.
    private func generate(
        _ request: AskRequest, model: any LanguageModel, hits: [SearchHit], weights: [String: Double], passageCount: Int,
        into answer: inout GroundedAnswer, timings: inout StageTimings, lap: () -> Double
    ) async throws {
        let prompt = PromptBuilder(tokenBudget: request.promptTokenBudget).build(question: request.question, hits: hits)
        answer.sources = prompt.sources
        if prompt.truncatedSources > 0 {
            answer.warnings.append("\(prompt.truncatedSources) source(s) shortened or left out to fit the prompt budget of \(request.promptTokenBudget) tokens")
        }
        let completion = try await model.complete(
            ChatRequest(messages: prompt.messages.map { ChatMessage(role: $0.role, content: $0.content) }, maxTokens: request.maxAnswerTokens),
            onToken: request.onToken)
        timings.generate = lap()
        answer.kind = .generated
        answer.model = completion.model
        answer.draft = completion.text
        let parsed = CitationParser().parse(completion.text, sourceCount: prompt.sources.count)
        // The answer's own terms count by their IDF too: the detail a sentence adds to the question
        // (a name, a date) is what its citation must back.
        let claimWeights = weights.merging(try idfWeights(parsed.map(\.text), filter: request.filter, passageCount: passageCount)) { question, _ in question }
        let verified = await request.verifier.verify(parsed, sources: prompt.sources, weights: claimWeights, question: request.question, similarity: similarityFunction())
        for sentence in verified where !sentence.invalidNumbers.isEmpty {
            answer.warnings.append("the model cited \(sentence.invalidNumbers.map { "[\($0)]" }.joined()) but only sources 1–\(prompt.sources.count) exist; not shown")
        }
        let keep: (AnswerSentence) -> Bool = { [.supported, .noAnswer].contains($0.verdict) }
        answer.sentences = request.strict ? verified.filter(keep) : verified
        answer.droppedSentences = request.strict ? verified.filter { !keep($0) } : []
        if request.strict, answer.sentences.isEmpty {
            // Nothing the model wrote is backed by the sources: say so rather than show an empty answer.
            answer.sentences = [AnswerSentence(text: "None of the model's sentences is backed by the sources.", citations: [], verdict: .noAnswer)]
        }
        timings.verify = lap()
    }

    /// Embedding cosine between claim and span, when an embedder is loaded.
    package func similarityFunction() -> (@Sendable ([(String, String)]) async throws -> [Double])? {
        guard let embedder else { return nil }
        return { pairs in
            let vectors = try await embedder.embed(pairs.flatMap { [$0.0, $0.1] }, role: .document)
            return stride(from: 0, to: vectors.count - 1, by: 2).map { index in
                Double(zip(vectors[index], vectors[index + 1]).reduce(Float(0)) { $0 + $1.0 * $1.1 })
            }
        }
    }
}
