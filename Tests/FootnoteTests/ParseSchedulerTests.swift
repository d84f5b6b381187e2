@testable import Footnote
import Foundation
import SearchIndex
import FootnoteCore
import Testing
import TestSupport

@Suite("Parsing runs in waves that fit the memory budget, written in walk order")
struct ParseSchedulerTests {
    @Test("Waves are consecutive, cover every file once, fit the budget and the file cap")
    func wavesFitTheBudget() {
        let costs: [Int64] = [10, 20, 30, 50, 5, 5, 100, 0, 0, 40, 61, 1]
        let waves = ParseScheduler.waves(costs: costs, budget: 60, maxFiles: 3)
        #expect(waves == [0..<3, 3..<6, 6..<7, 7..<10, 10..<11, 11..<12])
        #expect(waves.flatMap { Array($0) } == Array(costs.indices), "walk order, each file once")
        for wave in waves {
            let total = wave.map { costs[$0] }.reduce(0, +)
            #expect(total <= 60 || wave.count == 1, "\(wave) costs \(total)")
            #expect(wave.count <= 3)
        }
    }

    @Test("A file over the budget is parsed alone; files that will not be read pack up to the cap")
    func oversizedAndFreeFiles() {
        #expect(ParseScheduler.waves(costs: [1, 500, 1], budget: 100) == [0..<1, 1..<2, 2..<3])
        #expect(ParseScheduler.waves(costs: Array(repeating: 0, count: 70), budget: 100) == [0..<32, 32..<64, 64..<70])
        #expect(ParseScheduler.waves(costs: [0, 0, 0, 0], budget: 100, maxFiles: 3) == [0..<3, 3..<4])
        #expect(ParseScheduler.waves(costs: [], budget: 100).isEmpty)
        #expect(ParseScheduler.waves(costs: [.max, .max, 1], budget: .max) == [0..<1, 1..<2, 2..<3], "no overflow")
    }

    @Test("The estimate is size times a per-format factor, and nothing for files that will not be read")
    func estimates() {
        let megabyte: Int64 = 1 << 20
        func file(_ name: String, _ size: Int64) -> FileCandidate { FileCandidate(path: "/d/" + name, size: size, mtime: 7) }
        #expect(ParseScheduler.estimatedCost(file("a.md", megabyte), existing: nil, maxFileBytes: 1 << 30) == 4 * megabyte)
        #expect(ParseScheduler.estimatedCost(file("a.PDF", megabyte), existing: nil, maxFileBytes: 1 << 30) == 8 * megabyte)
        #expect(ParseScheduler.estimatedCost(file("a.docx", megabyte), existing: nil, maxFileBytes: 1 << 30) == 16 * megabyte)
        #expect(ParseScheduler.estimatedCost(file("a.md", 2 * megabyte), existing: nil, maxFileBytes: Int(megabyte)) == 0,
                "over the size limit: refused before it is read")
        #expect(ParseScheduler.defaultBudget(maxFileBytes: 50 << 20) == 400 * megabyte)
    }

    @Test("A tiny budget (every file alone) ingests the same documents, in walk order")
    func tinyBudgetIngests() throws {
        let fixture = try KnowledgeBaseFixture { $0.parseMemoryBudget = 1 }
        let names = (0..<40).map { String(format: "n%02d.md", $0) }
        for (number, name) in names.enumerated() { try fixture.write(name, "# Note \(number)\n\nThe heron number \(number).") }
        try fixture.write("sub/z.md", "# Z\n\nLast in the walk.")
        let report = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(report.added == 41 && report.failed.isEmpty)
        let byID = try fixture.knowledgeBase.store.documents().sorted { $0.id < $1.id }
        #expect(byID.map { ($0.path as NSString).lastPathComponent } == names + ["z.md"], "written in walk order")
        #expect(try fixture.knowledgeBase.search(SearchRequest(query: "heron")).count >= 10)
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
    }
}
