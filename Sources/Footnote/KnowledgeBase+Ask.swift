import Foundation
import FootnoteCore
import Grounding
import LanguageModels
import KnowledgeStore

extension KnowledgeBase {
    /// Answers a question with machine-checked citations: route → retrieve → evidence gate →
    /// (extractive answer | prompt → language model → verify). Every decision is in the result.
    public func ask(_ request: AskRequest) async throws -> GroundedAnswer {
        // Retrieval and the gate read the store synchronously (and wait for a shared connection): on the
        // blocking-work executor, many asks at once hold GCD threads, not the cooperative pool that the
        // HTTP handlers and every other task need.
        try await withTaskExecutorPreference(BlockingWorkExecutor.shared) { try await answer(request) }
    }

    private func answer(_ request: AskRequest) async throws -> GroundedAnswer {
        var stopwatch = AskStopwatch()
        var timings = StageTimings()
        let routing = QueryRouter().route(request.question)
        timings.route = stopwatch.lap()
        var answer = GroundedAnswer(question: request.question, kind: .abstained, routing: routing, strict: request.strict)
        switch routing.route {
        case .calculator, .smallTalk, .citationLookup:
            answerWithoutRetrieval(routing, request: request, into: &answer)
        case .knowledge:
            var evidence = try await retrieve(request, warnings: &answer.warnings, timings: &timings, stopwatch: &stopwatch)
            answer.gate = evidence.decision
            if evidence.decision.abstain {
                abstain(request, evidence: evidence, into: &answer)
            } else if let model = request.model(for: routing.difficulty), let reader = request.reader {
                try await answerExtractively(request, evidence: &evidence, into: &answer, reader: (reader, model))
                timings.generate = stopwatch.lap()
            } else if let model = request.model(for: routing.difficulty) {
                try await generate(request, model: model, hits: Array(evidence.hits.prefix(request.sourceLimit)),
                                   weights: evidence.features.terms, passageCount: evidence.passageCount, into: &answer,
                                   timings: &timings, stopwatch: &stopwatch)
                if !answer.sentences.contains(where: { $0.verdict == .supported }) {
                    // Nothing the model wrote is backed: add what the sources themselves say, quoted.
                    let quoted = try await quote(request, sources: answer.sources, evidence: &evidence)
                    answer.sentences += quoted.map { AnswerSentence(text: $0.text, citations: $0.citations, verdict: .quoted) }
                    timings.verify += stopwatch.lap()
                }
            } else {
                try await answerExtractively(request, evidence: &evidence, into: &answer)
                timings.generate = stopwatch.lap()
            }
            answer.skippedCopies = evidence.skippedCopies(of: answer.sources)
        }
        let cited = Set(answer.sentences.flatMap { $0.citations.filter(\.supports).map(\.number) })
        for index in answer.sources.indices { answer.sources[index].cited = cited.contains(answer.sources[index].number) }
        answer.timings = timings
        return answer
    }

    /// The extractive answer from `sources`: with vectors and the model the weight was measured with,
    /// sentences are also ranked by meaning (the cosines the gate measured are reused).
    /// With `preferred` (the sentence a reader named), that sentence is the one quoted.
    func quote(_ request: AskRequest, sources: [AnswerSource], evidence: inout AskEvidence,
               preferred: SentenceChoice? = nil) async throws -> [AnswerSentence] {
        try await measureSentenceCosines(request, sources: sources, evidence: &evidence)
        return request.extractive.answer(question: request.question, sources: sources, weights: evidence.features.terms,
                                         similarity: evidence.cosines.values, preferred: preferred)
    }

    /// The question/sentence cosines the extractive ranking adds, when vectors and the model they were measured with are in use.
    private func measureSentenceCosines(_ request: AskRequest, sources: [AnswerSource], evidence: inout AskEvidence) async throws {
        guard request.extractive.similarityWeight > 0, evidence.features.topSemanticScore != nil, cosinesFitted(for: evidence.gate) else { return }
        try await measure(request.extractive.candidateSentences(question: request.question, sources: sources), into: &evidence.cosines)
    }

    /// The model reads, the document speaks: the model names which of the best-ranked sentences answers
    /// (`SentenceReader`), to be quoted as an extractive answer is. nil when there is no choice to make, or when
    /// the model cannot be reached or names none or something that is not a sentence offered: the ranking's
    /// own choice is quoted then, and a warning says why.
    func readerChoice(_ request: AskRequest, reader: SentenceReader, model: any LanguageModel, sources: [AnswerSource],
                      evidence: inout AskEvidence, into answer: inout GroundedAnswer) async throws -> SentenceChoice? {
        try await measureSentenceCosines(request, sources: sources, evidence: &evidence)
        let choices = request.extractive.choices(question: request.question, sources: sources, weights: evidence.features.terms,
                                                 similarity: evidence.cosines.values, limit: reader.candidateCount)
        guard choices.count > 1 else { return nil }
        do {
            let completion = try await model.complete(reader.request(question: request.question, choices: choices, sources: sources), onToken: nil)
            answer.model = completion.model
            answer.draft = completion.text
            switch reader.parse(completion.text, count: choices.count) {
            case .some(0):
                answer.warnings.append("the model read \(choices.count) sentences and named none as the answer; the best-ranked one is quoted")
            case .some(let number):
                return choices[number - 1]
            case .none:
                answer.warnings.append("the model's reply is not a sentence number (\(completion.text.prefix(80))); the best-ranked sentence is quoted")
            }
        } catch let error as LanguageModelError {
            answer.warnings.append("the model could not read the sentences (\(error)); the best-ranked one is quoted")
        }
        return nil
    }

    /// Prompt → model (streamed when asked) → parse citations → verify → strict filtering.
    private func generate(
        _ request: AskRequest, model: any LanguageModel, hits: [SearchHit], weights: [String: Double], passageCount: Int,
        into answer: inout GroundedAnswer, timings: inout StageTimings, stopwatch: inout AskStopwatch
    ) async throws {
        let prompt = PromptBuilder(tokenBudget: request.promptTokenBudget).build(question: request.question, hits: hits)
        answer.sources = prompt.sources
        if prompt.truncatedSources > 0 {
            answer.warnings.append("\(prompt.truncatedSources) source(s) shortened or left out to fit the prompt budget of \(request.promptTokenBudget) tokens")
        }
        let completion = try await model.complete(
            ChatRequest(messages: prompt.messages.map { ChatMessage(role: $0.role, content: $0.content) }, maxTokens: request.maxAnswerTokens),
            onToken: request.onToken)
        timings.generate = stopwatch.lap()
        answer.kind = .generated
        answer.model = completion.model
        answer.draft = completion.text
        let parsed = CitationParser().parse(completion.text, sourceCount: prompt.sources.count)
        // The answer's own terms count by their IDF too: the detail a sentence adds to the question
        // (a name, a date) is what its citation must back.
        let claimWeights = weights.merging(try idfWeights(
            parsed.map(\.text), filter: request.filter, passageCount: passageCount, known: Set(weights.keys))) { question, _ in question }
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
        timings.verify = stopwatch.lap()
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
