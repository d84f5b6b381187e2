@testable import Footnote
import FootnoteEvaluation
import Foundation
import Testing
import TestSupport

/// Grounded answers over real technical documents nobody fitted a constant on: `../shared/datasets/postgres-qa`
/// (40 PostgreSQL manual pages in HTML, PDF and DOCX; 90 answerable, 30 on-topic and 10 off-topic
/// unanswerable questions). Floors hold today's figures; issue 17's targets (answer recall 0.70, citation
/// precision 0.80 at ≤ 60 words) are not met yet.
@Suite("postgres-qa: extractive answers and abstention over real manual pages (held out)", .serialized)
struct PostgresQATests {
    @Test("hybrid, shipped settings: answer recall, citation precision, quote length and abstention hold their floors",
          .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)),
          .enabled(if: RepositoryPaths.shouldRunDatasetTests, Comment(rawValue: RepositoryPaths.datasetSkipReason)))
    func hybridFloors() async throws {
        let directory = try RepositoryPaths.requireDataset("postgres-qa")
        let dataset = try QADataset(directory: directory, documentPaths: [directory.appendingPathComponent("docs", isDirectory: true)])
        #expect(dataset.questions.count == 130 && dataset.questions.filter(\.answerable).count == 90)
        let configuration = FootnoteConfiguration(modelDirectory: ModelLocation.miniLM)
        var evaluator = QAEvaluator(configuration: configuration, template: AskRequest(question: "", mode: .hybrid))
        let cache = try TemporaryDirectory(prefix: "postgres-qa-cache")
        evaluator.cacheDirectory = cache.url
        let result = try await evaluator.evaluate(dataset)
        print(String(format: "postgres-qa hybrid: answer_recall %.3f citation_precision %.3f words %.1f abstention %.3f (on-topic %.3f) false %.3f",
                     result.answerRecall, result.citationPrecision, result.meanQuoteWords, result.abstentionRecall,
                     result.abstentionRecallByKind["on-topic"] ?? -1, result.falseAbstentionRate))
        // Measured 0.433 / 0.542 / 71 words (0.333 / 0.417 / 71 before the structure, amount and identifier rules; 0.411 / 0.514
        // before copies of a better passage were skipped); abstention 1.0 (on-topic and off-topic) at 0.200 false.
        #expect(result.answerRecall >= 0.41)
        #expect(result.citationPrecision >= 0.50)
        #expect(result.meanQuoteWords <= 77)
        // Identifiers the pages never write (pg_stat_io, transaction_timeout) count as missing names: 0.675 before.
        #expect(result.abstentionRecall >= 0.95)
        #expect(result.falseAbstentionRate <= 0.23)
    }
}
