/// How vectors are held in memory for search.
public enum VectorPrecision: String, Sendable, Hashable, Codable {
    /// float32 rows: exact.
    case float32
    /// int8 rows with a scale each (a quarter of the memory); candidates are rescored with float32.
    case int8
}
