/// The FTS5 MATCH expressions `LexicalQuery` writes, parsed into a tree, so that a store without FTS5 (PostgreSQL)
/// evaluates them with FTS5's meaning: quoted phrases (a trailing `*` makes the last token a prefix), `AND`,
/// `OR`, `NOT` and parentheses. Phrases are numbered left to right, as FTS5 numbers them (the ranking
/// function's phrase weights refer to that order).
public struct MatchExpression: Sendable, Hashable {
    public struct Phrase: Sendable, Hashable {
        /// The phrase's text between its quotes (doubled quotes undone), before tokenization.
        public var text: String
        public var isPrefix: Bool
    }

    public indirect enum Node: Sendable, Hashable {
        case phrase(Int)
        case and([Node])
        case or([Node])
        /// Rows matching the first node but not the second.
        case not(Node, Node)
    }

    public let phrases: [Phrase]
    public let root: Node

    /// Parses `expression`; nil when it is not in the subset `LexicalQuery` writes.
    public init?(_ expression: String) {
        var parser = Parser(scalars: Array(expression.unicodeScalars))
        guard let root = parser.parseNot(), parser.atEnd else { return nil }
        self.root = root
        phrases = parser.phrases
    }

    /// Whether the expression is one phrase or an `OR` of phrases: then a row matches when it holds any of
    /// them, and every phrase it holds is live (`livePhrases` is the set present), so a ranking may skip
    /// evaluating the tree row by row.
    public var isDisjunctionOfPhrases: Bool {
        switch root {
        case .phrase: return true
        case let .or(children): return children.allSatisfy { if case .phrase = $0 { return true } else { return false } }
        case .and, .not: return false
        }
    }

    /// Whether a row holding the phrases in `present` matches.
    public func matches(_ present: (Int) -> Bool) -> Bool {
        Self.evaluate(root, present)
    }

    /// The phrases whose instances count for a matching row: FTS5 reports a phrase's positions only where
    /// the part of the expression holding it matched (an `AND` group missing one phrase reports none of
    /// them; the `NOT` side reports nothing).
    public func livePhrases(_ present: (Int) -> Bool) -> Set<Int> {
        var live = Set<Int>()
        Self.collectLive(root, present, into: &live)
        return live
    }

    private static func evaluate(_ node: Node, _ present: (Int) -> Bool) -> Bool {
        switch node {
        case let .phrase(index): return present(index)
        case let .and(children): return children.allSatisfy { evaluate($0, present) }
        case let .or(children): return children.contains { evaluate($0, present) }
        case let .not(kept, removed): return evaluate(kept, present) && !evaluate(removed, present)
        }
    }

    private static func collectLive(_ node: Node, _ present: (Int) -> Bool, into live: inout Set<Int>) {
        guard evaluate(node, present) else { return }
        switch node {
        case let .phrase(index): live.insert(index)
        case let .and(children), let .or(children): for child in children { collectLive(child, present, into: &live) }
        case let .not(kept, _): collectLive(kept, present, into: &live)
        }
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var phrases: [Phrase] = []

        var atEnd: Bool {
            mutating get { skipSpaces(); return index == scalars.count }
        }

        mutating func skipSpaces() {
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        }

        mutating func keyword(_ word: String) -> Bool {
            skipSpaces()
            let letters = Array(word.unicodeScalars)
            guard index + letters.count <= scalars.count, Array(scalars[index..<(index + letters.count)]) == letters else { return false }
            let after = index + letters.count
            guard after == scalars.count || scalars[after].properties.isWhitespace || scalars[after] == "(" || scalars[after] == "\"" else { return false }
            index = after
            return true
        }

        mutating func parseNot() -> Node? {
            guard var node = parseOr() else { return nil }
            while keyword("NOT") {
                guard let removed = parseOr() else { return nil }
                node = .not(node, removed)
            }
            return node
        }

        mutating func parseOr() -> Node? {
            guard let first = parseAnd() else { return nil }
            var children = [first]
            while keyword("OR") {
                guard let next = parseAnd() else { return nil }
                children.append(next)
            }
            return children.count == 1 ? first : .or(children)
        }

        mutating func parseAnd() -> Node? {
            guard let first = parsePrimary() else { return nil }
            var children = [first]
            while keyword("AND") {
                guard let next = parsePrimary() else { return nil }
                children.append(next)
            }
            return children.count == 1 ? first : .and(children)
        }

        mutating func parsePrimary() -> Node? {
            skipSpaces()
            guard index < scalars.count else { return nil }
            if scalars[index] == "(" {
                index += 1
                guard let inner = parseNot() else { return nil }
                skipSpaces()
                guard index < scalars.count, scalars[index] == ")" else { return nil }
                index += 1
                return inner
            }
            guard scalars[index] == "\"" else { return nil }
            index += 1
            var text = String.UnicodeScalarView()
            while true {
                guard index < scalars.count else { return nil }
                if scalars[index] == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        text.append("\"")
                        index += 2
                        continue
                    }
                    index += 1
                    break
                }
                text.append(scalars[index])
                index += 1
            }
            var isPrefix = false
            if index < scalars.count, scalars[index] == "*" {
                isPrefix = true
                index += 1
            }
            phrases.append(Phrase(text: String(text), isPrefix: isPrefix))
            return .phrase(phrases.count - 1)
        }
    }
}
