import Foundation

/// gitignore-style rules (from `.footnoteignore` files and `--exclude`): `*`, `?`, `[…]`, `**`,
/// a leading `/` or inner `/` anchors to the rule's folder, a trailing `/` matches folders only,
/// `!` re-includes. Later rules win, as in git.
struct IgnoreRules: Sendable {
    struct Rule: Sendable {
        let regex: NSRegularExpression
        let negated: Bool
        let directoryOnly: Bool
        let anchored: Bool
        /// Absolute folder the rule is relative to.
        let base: String
    }

    private(set) var rules: [Rule] = []

    /// Adds the lines of an ignore file (or exclude patterns) relative to `base`.
    mutating func add(lines: [String], base: String) {
        for raw in lines {
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line.removeFirst() }
            var directoryOnly = false
            if line.hasSuffix("/") { directoryOnly = true; line.removeLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            guard !line.isEmpty, let regex = try? NSRegularExpression(pattern: Self.regexPattern(forGlob: line)) else { continue }
            rules.append(Rule(regex: regex, negated: negated, directoryOnly: directoryOnly, anchored: anchored, base: base))
        }
    }

    /// The per-folder ignore file (read by `FileWalker` through `ControlFile`, never blocking).
    static let fileName = ".footnoteignore"

    /// Whether the absolute `path` is ignored.
    func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        let name = (path as NSString).lastPathComponent
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            let subject: String
            if rule.anchored {
                let prefix = rule.base.hasSuffix("/") ? rule.base : rule.base + "/"
                guard path.hasPrefix(prefix) else { continue }
                subject = String(path.dropFirst(prefix.count))
            } else {
                subject = name
            }
            let range = NSRange(subject.startIndex..., in: subject)
            if rule.regex.firstMatch(in: subject, range: range) != nil {
                ignored = !rule.negated
            }
        }
        return ignored
    }

    /// Translates a glob into an anchored regular expression.
    static func regexPattern(forGlob glob: String) -> String {
        var pattern = "^"
        let characters = Array(glob)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    if index + 2 < characters.count, characters[index + 2] == "/" {
                        pattern += "(?:.*/)?"
                        index += 3
                    } else {
                        pattern += ".*"
                        index += 2
                    }
                    continue
                }
                pattern += "[^/]*"
            case "?":
                pattern += "[^/]"
            case "[":
                if let close = characters[(index + 1)...].firstIndex(of: "]") {
                    var set = String(characters[(index + 1)..<close])
                    if set.hasPrefix("!") { set = "^" + set.dropFirst() }
                    pattern += "[" + set.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                    index = close + 1
                    continue
                }
                pattern += "\\["
            default:
                pattern += NSRegularExpression.escapedPattern(for: String(character))
            }
            index += 1
        }
        return pattern + "$"
    }
}
