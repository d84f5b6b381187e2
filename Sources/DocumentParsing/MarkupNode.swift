/// A parsed XML/HTML node as plain Swift values, so parsers never touch libxml2 pointers.
struct MarkupNode: Sendable {
    enum Kind: Sendable { case element, text }

    var kind: Kind
    /// Lower-cased local name for HTML, local name (namespace prefix dropped) for XML.
    var name: String
    /// Attributes by local name.
    var attributes: [String: String]
    var children: [MarkupNode]
    /// The text of a text node (empty for elements).
    var text: String

    static func element(_ name: String, attributes: [String: String] = [:], children: [MarkupNode] = []) -> MarkupNode {
        MarkupNode(kind: .element, name: name, attributes: attributes, children: children, text: "")
    }

    static func text(_ text: String) -> MarkupNode {
        MarkupNode(kind: .text, name: "", attributes: [:], children: [], text: text)
    }

    /// All text below this node, concatenated in document order.
    var textContent: String {
        if kind == .text { return text }
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        if kind == .text {
            out += text
            return
        }
        for child in children { child.appendText(to: &out) }
    }

    /// The first element named `name` in a depth-first walk (this node included).
    func first(named name: String) -> MarkupNode? {
        if kind == .element && self.name == name { return self }
        for child in children {
            if let found = child.first(named: name) { return found }
        }
        return nil
    }

    /// All elements named `name` below this node, in document order, not looking inside matches.
    func all(named name: String) -> [MarkupNode] {
        var found: [MarkupNode] = []
        collect(named: name, into: &found)
        return found
    }

    private func collect(named name: String, into found: inout [MarkupNode]) {
        for child in children where child.kind == .element {
            if child.name == name {
                found.append(child)
            } else {
                child.collect(named: name, into: &found)
            }
        }
    }

    /// The element children named `name`.
    func children(named name: String) -> [MarkupNode] {
        children.filter { $0.kind == .element && $0.name == name }
    }
}
