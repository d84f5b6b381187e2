import Foundation
import FootnoteCore
import Grounding
import LanguageModels
import KnowledgeStore

/// One threshold fitted by `calibrate --self`: on the synthetic questions, and held out by document.
public struct SelfFitPoint: Sendable, Codable, Hashable {
    public var mode: String
    public var threshold: Double
    public var abstentionRecall: Double
    public var falseAbstentionRate: Double
    /// Two folds by document: each question judged with the threshold fitted on the other documents' questions.
    public var heldOutAbstentionRecall: Double
    public var heldOutFalseAbstentionRate: Double

    enum CodingKeys: String, CodingKey {
        case mode, threshold
        case abstentionRecall = "abstention_recall"
        case falseAbstentionRate = "false_abstention_rate"
        case heldOutAbstentionRecall = "held_out_abstention_recall"
        case heldOutFalseAbstentionRate = "held_out_false_abstention_rate"
    }
}

/// What `calibrate --self` did: the questions it made, the fit per mode and the gate it stored.
public struct SelfCalibration: Sendable, Codable {
    public var fit: StoredGateFit
    public var points: [SelfFitPoint]
    /// Questions per template (or "model").
    public var templates: [String: Int]
    /// A few of the questions, for the reader to judge them.
    public var examples: [String]
    /// Passages whose questions could not be asked (the model failed): how many and the first reason.
    public var skipped: Int
    public var firstProblem: String?
    /// Per mode: questions left out because retrieval did not find their own passage (or no sentence of it
    /// reached the gate's cosine floor).
    public var unretrieved: [String: Int]

    enum CodingKeys: String, CodingKey {
        case fit, points, templates, examples, skipped, unretrieved
        case firstProblem = "first_problem"
    }
}

/// Fits the evidence gate to one index without labels (`footnote calibrate --self`): samples passages,
/// writes a question each passage answers (by the configured language model, else by `QuestionTemplates`),
/// and asks each question twice — once over the whole index (answerable) and once with its passage and
/// the passages that repeat it hidden from retrieval (its unanswerable twin: same topic, same vocabulary,
/// the answer gone). The threshold (and, with `fitWeights`, the weights) with the highest abstention on
/// the twins whose false abstention on the originals is within `maxFalseAbstention` is the fit.
public struct SelfCalibrator: Sendable {
    /// How many questions to make (one per sampled passage).
    public var questionCount = 200
    public var maxFalseAbstention = 0.05
    public var fitWeights = false
    /// The gate whose weights are kept (or the grid's base) and whose thresholds are refitted.
    public var start: EvidenceGate = .default
    /// Writes the questions when set; else templates do.
    public var model: (any LanguageModel)?
    /// Seeds the passage sample: the same index and seed give the same questions.
    public var seed: UInt64 = 1
    /// A hidden passage's near-duplicates: passages sharing at least this share of content terms (Jaccard).
    public var duplicateOverlap = NearDuplicates.overlap
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// When set, every question asked (per mode, original and twin) is written here as JSON lines with its
    /// score under the fitted gate and its features: to read what the fit was made from.
    public var questionDump: URL?

    public init() {}

    /// A sampled passage and the question made from it.
    struct Probe {
        var chunkID: Int64
        var document: String
        var passageTerms: Set<String>
        var question: SyntheticQuestion
    }

    /// Makes the questions, fits the gate for every retrieval mode the index supports and returns the fit
    /// (not stored: the caller stores it with `KnowledgeBase.storeGateFit`).
    public func calibrate(_ knowledgeBase: KnowledgeBase) async throws -> SelfCalibration {
        let (probes, skipped, problem) = try await makeProbes(knowledgeBase)
        guard probes.count >= 10 else {
            throw FootnoteError.calibration(operation: "calibrate the gate on this index",
                                            reason: "only \(probes.count) questions could be made from its passages (at least 10 are needed); add documents")
        }
        var modes: [SearchMode] = [.lexical]
        if try knowledgeBase.effectiveMode(nil) == .hybrid { modes.append(.hybrid) }
        let passages = try knowledgeBase.store.chunkCount()
        var gate = start
        var points: [SelfFitPoint] = []
        var unretrieved: [String: Int] = [:]
        // The questions the stored fit counts: those of the last mode fitted (hybrid when the index has vectors).
        var askedCount = 0
        var dump = Data()
        for (step, mode) in modes.enumerated() {
            var samples: [(features: EvidenceFeatures, answerable: Bool, group: String)] = []
            var asked: [Probe] = []
            for (number, probe) in probes.enumerated() {
                progress?(step * probes.count + number, modes.count * probes.count)
                // A question whose own passage retrieval does not find is not known to be answerable here
                // (a template can make a question its passage barely answers), nor one whose every sentence
                // is below the gate's cosine floor (the encoder finds no meaning in it): left out, with its twin.
                guard let original = try await features(probe, answerable: true, mode: mode, gate: gate, passages: passages, in: knowledgeBase),
                      (original.sentenceSimilarity ?? 1) >= gate.similarityFloor
                else { continue }
                let twin = try await features(probe, answerable: false, mode: mode, gate: gate, passages: passages, in: knowledgeBase)
                samples += [(original, true, probe.document), (twin ?? original, false, probe.document)]
                asked.append(probe)
            }
            unretrieved[mode.rawValue] = probes.count - asked.count
            askedCount = asked.count
            guard asked.count >= 10 else {
                throw FootnoteError.calibration(operation: "calibrate the gate on this index", reason:
                    "\(mode.rawValue) retrieval found the passage of only \(asked.count) of the \(probes.count) questions made from it (at least 10 are needed)")
            }
            let dense = mode != .lexical
            let candidates = fitWeights ? AbstentionFit.weightGrid(gate, dense: dense) : [gate]
            let fitter = AbstentionFit(maxFalseAbstention: maxFalseAbstention)
            let (fitted, point) = fitter.fit(samples.map { ($0.features, $0.answerable) }, candidates: candidates)
            let heldOut = ArticleFolds.heldOut(samples, group: \.group) { train in
                fitter.fit(train.map { ($0.features, $0.answerable) }, candidates: candidates)
            }.map { (score: $0.1.0.score($0.0.features), answerable: $0.0.answerable, threshold: $0.1.1.threshold) }
            if questionDump != nil {
                for (index, sample) in samples.enumerated() {
                    let probe = asked[index / 2]
                    let row: [String: Any] = [
                        "mode": mode.rawValue, "question": probe.question.question, "template": probe.question.template,
                        "answerable": sample.answerable, "score": fitted.score(sample.features), "document": probe.document,
                        "features": try JSONSerialization.jsonObject(with: JSONEncoder().encode(sample.features)),
                    ]
                    dump.append(try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]))
                    dump.append(0x0A)
                }
            }
            let twins = heldOut.filter { !$0.answerable }, originals = heldOut.filter(\.answerable)
            points.append(SelfFitPoint(
                mode: mode.rawValue, threshold: point.threshold, abstentionRecall: point.abstentionRecall,
                falseAbstentionRate: point.falseAbstentionRate,
                heldOutAbstentionRecall: Double(twins.filter { $0.score < $0.threshold }.count) / Double(max(1, twins.count)),
                heldOutFalseAbstentionRate: Double(originals.filter { $0.score < $0.threshold }.count) / Double(max(1, originals.count))))
            // The weights fitted with vectors serve hybrid and semantic retrieval; lexical retrieval keeps its own threshold.
            if dense {
                let lexicalThreshold = gate.threshold
                gate = fitted
                gate.threshold = lexicalThreshold
                gate.denseThreshold = point.threshold
            } else {
                gate.passageWeight = fitted.passageWeight
                gate.sentenceWeight = fitted.sentenceWeight
                gate.threshold = point.threshold
            }
        }
        progress?(modes.count * probes.count, modes.count * probes.count)
        if let questionDump { try dump.write(to: questionDump) }
        let generator = model.map { "model " + $0.modelName } ?? "templates"
        let fit = StoredGateFit(gate: gate, fittedAt: ISO8601DateFormatter().string(from: Date()), passages: passages,
                                answerable: askedCount, unanswerable: askedCount, generator: generator, modes: modes.map(\.rawValue))
        let templates = Dictionary(probes.map { ($0.question.template, 1) }, uniquingKeysWith: +)
        return SelfCalibration(fit: fit, points: points, templates: templates, examples: probes.prefix(12).map(\.question.question),
                               skipped: skipped, firstProblem: problem, unretrieved: unretrieved)
    }

    /// The evidence features of `probe`'s question: over the whole index (nil when its passage, or one
    /// repeating it, is not among the gate's `depth` best hits), or (`answerable` false) with its passage
    /// and the passages repeating it left out of the hits.
    func features(_ probe: Probe, answerable: Bool, mode: SearchMode, gate: EvidenceGate, passages: Int,
                  in knowledgeBase: KnowledgeBase) async throws -> EvidenceFeatures? {
        let limit = max(5, gate.depth)
        let isSource = { (hit: SearchHit) in
            hit.chunkID == probe.chunkID || hit.text.contains(probe.question.source)
                || NearDuplicates.jaccard(Set(TextUnits.contentTerms(hit.text)), probe.passageTerms) >= duplicateOverlap
        }
        let hits: [SearchHit]
        if answerable {
            // The passages `ask` reads.
            hits = try knowledgeBase.evidenceHits(SearchRequest(query: probe.question.question, limit: limit, mode: mode, explain: true))
            guard hits.prefix(gate.depth).contains(where: isSource) else { return nil }
        } else {
            // The same, once the source and its copies are gone.
            let deeper = try knowledgeBase.search(SearchRequest(query: probe.question.question, limit: limit + 20, mode: mode, explain: true))
            hits = NearDuplicates.collapsed(deeper.filter { !isSource($0) }, limit: limit)
        }
        var cosines = SentenceCosines(question: probe.question.question)
        return try await knowledgeBase.evidence(question: probe.question.question, hits: hits, mode: mode, gate: gate, filter: .init(),
                                                passageCount: passages, similarity: true, cosines: &cosines)
    }

    /// Samples passages (seeded, spread over documents) and writes a question for each.
    func makeProbes(_ knowledgeBase: KnowledgeBase) async throws -> (probes: [Probe], skipped: Int, problem: String?) {
        var passages: [(chunk: ChunkRecord, document: String, title: String?)] = []
        for document in try knowledgeBase.store.documents() {
            for chunk in try knowledgeBase.store.chunks(documentID: document.id) where TextUnits.words(chunk.text).count >= 20 {
                passages.append((chunk, document.path, document.title))
            }
        }
        var generator = SplitMix64(seed: seed)
        passages.shuffle(using: &generator)
        var probes: [Probe] = []
        var skipped = 0
        var problem: String?
        var perDocument: [String: Int] = [:]
        // At most a fair share of questions from one document, so that one long manual does not decide the fit.
        let documents = Set(passages.map(\.document)).count
        let share = max(3, 2 * questionCount / max(1, documents))
        for passage in passages where probes.count < questionCount && perDocument[passage.document, default: 0] < share {
            let made: SyntheticQuestion?
            if let model {
                do {
                    made = try await Self.modelQuestion(model, passage: passage.chunk.text, title: passage.title, headingPath: passage.chunk.span.headingPath)
                } catch {
                    skipped += 1
                    if problem == nil { problem = "\(error)" }
                    // A model that fails on the first passages is not going to work: stop rather than wait on each.
                    if skipped >= 5, probes.isEmpty { throw error }
                    continue
                }
            } else {
                let options = QuestionTemplates.questions(passage: passage.chunk.text, title: passage.title, headingPath: passage.chunk.span.headingPath)
                // The passage's first patterned question, else one chosen by the seeded generator among the rest.
                made = options.first(where: { $0.template != "heading" && $0.template != "value" })
                    ?? (options.isEmpty ? nil : options[Int(generator.next() % UInt64(options.count))])
            }
            guard let question = made else { continue }
            perDocument[passage.document, default: 0] += 1
            probes.append(Probe(chunkID: passage.chunk.id, document: passage.document,
                                passageTerms: Set(TextUnits.contentTerms(passage.chunk.text)), question: question))
        }
        return (probes, skipped, problem)
    }

    /// Asks `model` for a question the passage answers, in the words of someone who has not read it.
    static func modelQuestion(_ model: any LanguageModel, passage: String, title: String?, headingPath: [String]) async throws -> SyntheticQuestion? {
        let context = ([title].compactMap { $0 } + headingPath).joined(separator: " › ")
        let prompt = """
            Here is a passage\(context.isEmpty ? "" : " from \"\(context)\""):

            \(passage.prefix(1500))

            Write one question that a colleague who has not read this passage might ask, and that the passage answers. \
            Use your own words rather than the passage's. Reply with the question only.
            """
        let completion = try await model.complete(ChatRequest(messages: [ChatMessage(role: "user", content: prompt)], maxTokens: 60), onToken: nil)
        let line = completion.text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasSuffix("?") && TextUnits.contentTerms($0).count >= 2 }
        return line.map { SyntheticQuestion(question: String($0.drop { !$0.isLetter && !$0.isNumber }), template: "model", source: passage) }
    }
}

