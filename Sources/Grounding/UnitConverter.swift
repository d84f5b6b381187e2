import FootnoteCore
import Foundation

/// Converts quantities between units of one dimension (length, mass, volume, time, temperature,
/// data, speed, area, energy) with exact factors.
public struct UnitConverter: Sendable {
    /// A unit: its dimension, its factor to the dimension's base unit, and an offset (temperatures).
    public struct Unit: Sendable, Hashable {
        public var symbol: String
        public var dimension: String
        public var factor: Double
        public var offset: Double = 0
    }

    public init() {}

    /// The unit a word or symbol names ("km", "miles", "°F", "fahrenheit"), or nil.
    public func unit(named raw: String) -> Unit? {
        let name = raw.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        if let unit = Self.table[name] { return unit }
        if name.hasSuffix("s"), let unit = Self.table[String(name.dropLast())] { return unit }
        if name.hasSuffix("es"), let unit = Self.table[String(name.dropLast(2))] { return unit }
        return nil
    }

    /// Converts `value` in `from` to `to`; throws when either is unknown or they measure different things.
    public func convert(_ value: Double, from: String, to: String) throws -> (value: Double, unit: Unit) {
        guard let source = unit(named: from) else {
            throw GroundingError.invalidConversion(from: from, to: to, reason: "unknown unit '\(from)'")
        }
        guard let target = unit(named: to) else {
            throw GroundingError.invalidConversion(from: from, to: to, reason: "unknown unit '\(to)'")
        }
        guard source.dimension == target.dimension else {
            throw GroundingError.invalidConversion(
                from: from, to: to, reason: "\(source.dimension) cannot be converted to \(target.dimension)")
        }
        let base = value * source.factor + source.offset
        return ((base - target.offset) / target.factor, target)
    }

    private static func units(_ dimension: String, _ entries: [(String, Double, [String])]) -> [String: Unit] {
        var table: [String: Unit] = [:]
        for (symbol, factor, aliases) in entries {
            let unit = Unit(symbol: symbol, dimension: dimension, factor: factor)
            for alias in [symbol.lowercased()] + aliases { table[alias] = unit }
        }
        return table
    }

    static let table: [String: Unit] = {
        var table: [String: Unit] = [:]
        let groups: [[String: Unit]] = [
            units("length", [
                ("m", 1, ["meter", "metre"]), ("km", 1000, ["kilometer", "kilometre", "kms"]),
                ("cm", 0.01, ["centimeter", "centimetre"]), ("mm", 0.001, ["millimeter", "millimetre"]),
                ("mi", 1609.344, ["mile"]), ("yd", 0.9144, ["yard"]), ("ft", 0.3048, ["foot", "feet"]),
                ("inch", 0.0254, ["inches", "\""]), ("nmi", 1852, ["nautical mile"]), ("light-year", 9.4607304725808e15, ["light year", "ly"]),
            ]),
            units("mass", [
                ("kg", 1, ["kilogram", "kilo", "kgs"]), ("g", 0.001, ["gram", "gramme"]), ("mg", 1e-6, ["milligram"]),
                ("lb", 0.45359237, ["pound", "lbs"]), ("oz", 0.028349523125, ["ounce"]), ("t", 1000, ["tonne", "metric ton"]),
                ("st", 6.35029318, ["stone"]), ("ton", 907.18474, ["short ton"]),
            ]),
            units("volume", [
                ("l", 1, ["liter", "litre"]), ("ml", 0.001, ["milliliter", "millilitre"]), ("gal", 3.785411784, ["gallon"]),
                ("qt", 0.946352946, ["quart"]), ("pt", 0.473176473, ["pint"]), ("cup", 0.2365882365, []),
                ("fl oz", 0.0295735295625, ["fluid ounce"]), ("m3", 1000, ["cubic meter", "cubic metre", "m³"]),
            ]),
            units("time", [
                ("s", 1, ["sec", "second", "secs"]), ("min", 60, ["minute", "mins"]), ("h", 3600, ["hour", "hr", "hrs"]),
                ("day", 86400, ["d"]), ("week", 604_800, ["wk"]), ("year", 31_557_600, ["yr", "yrs"]),
                ("ms", 0.001, ["millisecond"]),
            ]),
            units("data", [
                ("B", 1, ["byte"]), ("bit", 0.125, []), ("kB", 1000, ["kilobyte"]), ("MB", 1e6, ["megabyte"]),
                ("GB", 1e9, ["gigabyte"]), ("TB", 1e12, ["terabyte"]), ("KiB", 1024, ["kibibyte"]),
                ("MiB", 1_048_576, ["mebibyte"]), ("GiB", 1_073_741_824, ["gibibyte"]), ("TiB", 1_099_511_627_776, ["tebibyte"]),
            ]),
            units("speed", [
                ("m/s", 1, ["meters per second", "metres per second"]), ("km/h", 1 / 3.6, ["kph", "kmh", "kilometers per hour", "kilometres per hour"]),
                ("mph", 0.44704, ["miles per hour"]), ("kn", 0.514444444444, ["knot"]),
            ]),
            units("area", [
                ("m2", 1, ["m²", "square meter", "square metre", "sq m"]), ("km2", 1e6, ["km²", "square kilometer", "square kilometre", "sq km"]),
                ("ft2", 0.09290304, ["ft²", "square foot", "square feet", "sq ft"]), ("acre", 4046.8564224, []),
                ("ha", 10_000, ["hectare"]), ("mi2", 2_589_988.110336, ["mi²", "square mile", "sq mi"]),
            ]),
            units("energy", [
                ("J", 1, ["joule"]), ("kJ", 1000, ["kilojoule"]), ("cal", 4.184, ["calorie"]), ("kcal", 4184, ["kilocalorie"]),
                ("kWh", 3.6e6, ["kilowatt hour", "kilowatt-hour"]), ("Wh", 3600, ["watt hour", "watt-hour"]),
            ]),
        ]
        for group in groups { table.merge(group) { first, _ in first } }
        table["°c"] = Unit(symbol: "°C", dimension: "temperature", factor: 1, offset: 273.15)
        table["c"] = table["°c"]; table["celsius"] = table["°c"]; table["centigrade"] = table["°c"]; table["degrees celsius"] = table["°c"]
        table["°f"] = Unit(symbol: "°F", dimension: "temperature", factor: 5.0 / 9.0, offset: 273.15 - 32 * 5.0 / 9.0)
        table["f"] = table["°f"]; table["fahrenheit"] = table["°f"]; table["degrees fahrenheit"] = table["°f"]
        table["k"] = Unit(symbol: "K", dimension: "temperature", factor: 1)
        table["kelvin"] = table["k"]
        return table
    }()
}
