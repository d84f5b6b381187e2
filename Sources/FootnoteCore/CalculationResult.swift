/// One evaluated calculator request: what was computed and the result, ready to show.
public struct CalculationResult: Sendable, Hashable, Codable {
    /// The normalised expression that was evaluated, e.g. `15% * 80` or `5 km -> mi`.
    public var expression: String
    public var value: Double
    /// The result's unit for conversions (e.g. "mi"), nil for plain arithmetic.
    public var unit: String?
    /// A human sentence such as "15% of 80 = 12".
    public var text: String

    public init(expression: String, value: Double, unit: String? = nil, text: String) {
        self.expression = expression
        self.value = value
        self.unit = unit
        self.text = text
    }
}
