/// Filters a streamed draft for display before verification: citation markers (`[1]`, `[2, 3]`)
/// are held back and dropped, so no unverified or out-of-range citation ever reaches the screen;
/// the verified answer, with its checked citations, is printed after the stream.
public struct CitationMarkerFilter: Sendable {
    private var pending = ""

    public init() {}

    /// The displayable part of `piece` (text inside a possible marker waits for the next piece).
    public mutating func feed(_ piece: String) -> String {
        var output = ""
        for character in piece {
            if pending.isEmpty {
                if character == "[" { pending = "[" } else { output.append(character) }
                continue
            }
            pending.append(character)
            if character == "]" {
                let body = pending.dropFirst().dropLast()
                let isMarker = !body.isEmpty && body.allSatisfy { $0.isNumber || " ,;-–".contains($0) || "sourceSOURCE".contains($0) }
                if !isMarker { output += pending }
                pending = ""
            } else if pending.count > 24 || !(character.isNumber || " ,;-–".contains(character) || "sourceSOURCE".contains(character)) {
                output += pending
                pending = ""
            }
        }
        return output
    }

    /// Whatever is still held back at the end of the stream (an unfinished non-marker).
    public mutating func finish() -> String {
        defer { pending = "" }
        return pending
    }
}
