import Foundation

/// Query-string parameters decoded as HTML forms send them (`+` is a space, then percent-decoding).
struct QueryItems: Sendable {
    private var items: [(name: String, value: String)]

    init(_ query: String?) {
        items = (query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The first value of `name`.
    subscript(_ name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value of a repeatable parameter.
    func all(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    /// An integer parameter within `range`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = self[name], !text.isEmpty else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ServiceError.badRequest(field: name, reason: "expected an integer \(range.lowerBound)…\(range.upperBound), got '\(text)'")
        }
        return value
    }
}
