import ArgumentParser
import Foundation
import Logging

/// The `footnote` command: a thin front end over `KnowledgeBase`.
struct FootnoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footnote",
        abstract: "Index company documents and search, cite and evaluate them with exact provenance.",
        discussion: """
            Every hit is a passage with its file, page, heading path, lines and exact character span, \
            and a citation id (fn:<version>:<start>-<end>) that `footnote cite` resolves.

            Examples:
              footnote add corpora/                  index a folder (incremental)
              footnote search "write-ahead log"      passages by BM25
              footnote cite fn:3f2a9c1b7d4e:120-480  the cited text; is it still current?
              footnote eval ../shared/datasets/scifact --json

            The index is indexes/default.sqlite unless --index or FOOTNOTE_INDEX says otherwise. \
            Exit status: 0 success, 1 some files failed or the command failed, 2 usage error.
            """,
        subcommands: [
            AddCommand.self, SyncCommand.self, SearchCommand.self, CiteCommand.self, ShowCommand.self,
            StatsCommand.self, EmbedCommand.self, ReembedCommand.self, EvalCommand.self, BenchCommand.self,
            ServeCommand.self, MCPCommand.self, AskCommand.self, EvalQACommand.self, CalibrateCommand.self, MigrateCommand.self,
        ]
    )
}

/// Runs the command line, mapping argument errors to exit status 2 and failures to 1.
@main
enum FootnoteMain {
    static func main() async {
        // The one logging bootstrap of the process: every library logs through it, to stderr (stdout carries
        // results, and for `mcp` the protocol).
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        do {
            var command = try FootnoteCommand.parseAsRoot()
            // Commands that await the library (ask, eval-qa, calibrate, the servers) are async; the rest are synchronous.
            if var server = command as? AsyncParsableCommand {
                try await server.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = FootnoteCommand.exitCode(for: error)
            let message = FootnoteCommand.fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            if code == .validationFailure {
                Terminal.standardError(message)
                Foundation.exit(2)
            }
            Terminal.standardError("error: " + String(describing: error))
            Foundation.exit(1)
        }
    }
}
