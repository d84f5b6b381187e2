import Foundation
import Footnote

/// Terminal output: stderr, colour only on a TTY (and not under NO_COLOR), JSON on stdout.
enum Terminal {
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1
    static let colorEnabled = stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func bold(_ text: String) -> String { colorEnabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    static func dim(_ text: String) -> String { colorEnabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    static func cyan(_ text: String) -> String { colorEnabled ? "\u{1B}[36m\(text)\u{1B}[0m" : text }
    static func yellow(_ text: String) -> String { colorEnabled ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
    static func red(_ text: String) -> String { colorEnabled ? "\u{1B}[31m\(text)\u{1B}[0m" : text }

    /// Highlights FTS5 snippet markers `[term]` (bold on a TTY, kept as brackets otherwise).
    static func highlight(_ snippet: String) -> String {
        guard colorEnabled else { return snippet }
        return snippet.replacingOccurrences(of: "[", with: "\u{1B}[1;33m").replacingOccurrences(of: "]", with: "\u{1B}[0m")
    }

    /// Prints a value as pretty JSON on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// A path shown relative to the working directory when it lies below it, with control characters and
    /// raw (non-UTF-8) name bytes escaped (`DisplayText.escaped`): a file name cannot forge a line or reach
    /// the terminal as an escape sequence.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return DisplayText.escaped(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
    }

    /// Text that may quote a file name or a file's content (a reason), escaped like `display`.
    static func escaped(_ text: String) -> String {
        DisplayText.escaped(text)
    }
}
