/// The path of open headings, outermost first: a heading closes every heading of its level or deeper.
struct HeadingStack {
    private var entries: [(level: Int, text: String)] = []

    /// Opens a heading and returns the new path.
    mutating func push(level: Int, text: String) -> [String] {
        while let last = entries.last, last.level >= level { entries.removeLast() }
        entries.append((level, text))
        return entries.map(\.text)
    }
}
