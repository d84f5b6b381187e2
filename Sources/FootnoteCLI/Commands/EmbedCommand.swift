import ArgumentParser
import Foundation
import Footnote

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed the chunks that have no vector yet (after `add --no-embed`, or to catch up).",
        discussion: "Example:\n  footnote embed --model-dir ~/.cache/footnote/models/all-MiniLM-L6-v2")

    @OptionGroup var options: IndexOptions

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func run() throws {
        let knowledgeBase = try options.openKnowledgeBase(command: "embed")
        let report = try knowledgeBase.embedPending(progress: EmbedCommand.progress(enabled: !quiet && !options.json))
        try EmbedCommand.print(report, json: options.json)
    }

    static func progress(enabled: Bool) -> (@Sendable (Int, Int) -> Void)? {
        guard enabled, Terminal.stderrIsTTY else { return nil }
        let started = Date()
        return { done, total in
            let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
            FileHandle.standardError.write(Data(String(format: "\r\u{1B}[2Kembedding %d/%d chunks  %.1f chunks/s", done, total, rate).utf8))
        }
    }

    static func print(_ report: EmbedReport, json: Bool) throws {
        if json { return try Terminal.printJSON(report) }
        if Terminal.stderrIsTTY { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        Swift.print(String(format: "%d chunks embedded, %d reused a stored vector, in %.1f s (%@)",
                           report.embedded, report.reused, report.seconds,
                           [report.model ?? "no model", report.precision].compactMap { $0 }.joined(separator: ", ")))
    }
}

struct ReembedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reembed",
        abstract: "Switch embedding models: drop every vector and embed all chunks with the given model.",
        discussion: "Example:\n  footnote reembed --model-dir ~/models/bge-small-en-v1.5")

    @OptionGroup var options: IndexOptions

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func run() throws {
        let knowledgeBase = try options.openKnowledgeBase(command: "reembed")
        guard knowledgeBase.embedder != nil else {
            throw ValidationError("reembed needs a model: pass --model-dir or set FOOTNOTE_MODEL_DIR")
        }
        let report = try knowledgeBase.reembed(progress: EmbedCommand.progress(enabled: !quiet && !options.json))
        try EmbedCommand.print(report, json: options.json)
    }
}
