import FootnoteCore

extension PostgresStore {
    /// SQL conditions on the documents table (aliased `documentAlias`) for `filter`, each starting with " AND ",
    /// with `$n` placeholders numbered from `firstParameter`, and their values. Empty for an empty filter.
    /// Path globs keep SQLite GLOB semantics (as `SearchIndex.filterClause`), formats and groups are arrays.
    static func filterClause(
        _ filter: SearchFilter, documentAlias: String = "d", startingAt firstParameter: Int
    ) -> (sql: String, values: [PostgresValue]) {
        var sql = ""
        var values: [PostgresValue] = []
        func placeholder() -> String { "$\(firstParameter + values.count)" }
        if !filter.pathGlobs.isEmpty {
            var alternatives: [String] = []
            for glob in filter.pathGlobs {
                // A pattern SQLite could never match (an unclosed `[`) matches nothing here either.
                guard let regex = globRegex(anchoredGlob(glob)) else { alternatives.append("false"); continue }
                alternatives.append("\(documentAlias).path ~ \(placeholder())")
                values.append(.text(regex))
            }
            sql += " AND (" + alternatives.joined(separator: " OR ") + ")"
        }
        if !filter.formats.isEmpty {
            sql += " AND \(documentAlias).format = ANY(\(placeholder())::text[])"
            values.append(.textArray(filter.formats.map(\.rawValue)))
        }
        if let groups = filter.accessGroups {
            let access = accessClause(groups, documentAlias: documentAlias, startingAt: firstParameter + values.count)
            sql += " AND " + access.sql
            values += access.values
        }
        return (sql, values)
    }

    /// A condition on the documents table: visible to a caller in `groups` (no groups of its own, or one of
    /// `groups`). `[]` sees only unrestricted documents.
    static func accessClause(
        _ groups: [String], documentAlias: String = "d", startingAt firstParameter: Int
    ) -> (sql: String, values: [PostgresValue]) {
        let unrestricted = "NOT EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = \(documentAlias).id)"
        guard !groups.isEmpty else { return ("(\(unrestricted))", []) }
        let shared = "EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = \(documentAlias).id "
            + "AND g.group_name = ANY($\(firstParameter)::text[]))"
        return ("(\(unrestricted) OR \(shared))", [.textArray(groups)])
    }

    /// Stored paths are absolute: a relative pattern such as `docs/*.md` matches at any depth (as in SQLite's store).
    static func anchoredGlob(_ pattern: String) -> String {
        pattern.hasPrefix("/") || pattern.hasPrefix("*") ? pattern : "*/" + pattern
    }

    /// A PostgreSQL regular expression (ARE, anchored) matching exactly what SQLite's GLOB matches: `*` any
    /// run of characters (slashes too), `?` one character, `[…]` a set with ranges and `^` negation, where a
    /// `]` right after `[` or `[^` is literal; everything else is literal and case-sensitive. nil when a `[`
    /// is never closed (SQLite then matches nothing).
    static func globRegex(_ glob: String) -> String? {
        let scalars = Array(glob.unicodeScalars)
        var regex = "^"
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "*": regex += ".*"
            case "?": regex += "."
            case "[":
                guard let (set, end) = bracketSet(scalars, openingAt: index) else { return nil }
                regex += set
                index = end
            default: regex += literal(scalar)
            }
            index += 1
        }
        return regex + "$"
    }

    /// The regex set for the GLOB set opening at `start`, and the index of its closing `]`.
    private static func bracketSet(_ scalars: [Unicode.Scalar], openingAt start: Int) -> (String, Int)? {
        var index = start + 1
        var set = "["
        if index < scalars.count, scalars[index] == "^" {
            set += "^"
            index += 1
        }
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]" && !first { return (set + "]", index) }
            first = false
            // Inside an ARE bracket `\` escapes and `[` may open `[:class:]`: both are written escaped.
            switch scalar {
            case "\\": set += "\\\\"
            case "[": set += "\\["
            case "]": set += "\\]"
            default: set.unicodeScalars.append(scalar)   // `-` keeps its range meaning, as in GLOB
            }
            index += 1
        }
        return nil
    }

    /// One literal character: ASCII punctuation is backslash-escaped (in an ARE, `\` before a non-alphanumeric
    /// character means that character); letters, digits and non-ASCII characters stand for themselves.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
        let isAlphanumeric = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        guard scalar.isASCII, !isAlphanumeric else { return String(scalar) }
        return "\\" + String(scalar)
    }
}
