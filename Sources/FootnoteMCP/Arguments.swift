import MCP

/// Typed access to tool arguments, with errors that name the tool and the argument.
enum Arguments {
    static func string(_ arguments: [String: Value], _ name: String, tool: String) throws -> String {
        guard let value = try optionalString(arguments, name, tool: tool),
              !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw FootnoteMCPError.invalidArgument(tool: tool, argument: name, reason: "a non-empty string is required")
        }
        return value
    }

    static func optionalString(_ arguments: [String: Value], _ name: String, tool: String) throws -> String? {
        guard let value = arguments[name], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw FootnoteMCPError.invalidArgument(tool: tool, argument: name, reason: "expected a string, got \(value)")
        }
        return text
    }

    static func optionalInteger(_ arguments: [String: Value], _ name: String, tool: String) throws -> Int? {
        guard let value = arguments[name], !value.isNull else { return nil }
        if let number = value.intValue { return number }
        if let number = value.doubleValue, number.rounded() == number, abs(number) < 1e15 { return Int(number) }
        if let text = value.stringValue, let number = Int(text) { return number }
        throw FootnoteMCPError.invalidArgument(tool: tool, argument: name, reason: "expected an integer, got \(value)")
    }

    static func integer(_ arguments: [String: Value], _ name: String, tool: String, default defaultValue: Int,
                        in range: ClosedRange<Int>) throws -> Int {
        let value = try optionalInteger(arguments, name, tool: tool) ?? defaultValue
        guard range.contains(value) else {
            throw FootnoteMCPError.invalidArgument(
                tool: tool, argument: name, reason: "expected \(range.lowerBound)…\(range.upperBound), got \(value)")
        }
        return value
    }

    static func strings(_ arguments: [String: Value], _ name: String, tool: String) throws -> [String] {
        guard let value = arguments[name], !value.isNull else { return [] }
        if let text = value.stringValue { return [text] }
        guard let array = value.arrayValue else {
            throw FootnoteMCPError.invalidArgument(tool: tool, argument: name, reason: "expected an array of strings")
        }
        return try array.map { item in
            guard let text = item.stringValue else {
                throw FootnoteMCPError.invalidArgument(tool: tool, argument: name, reason: "expected an array of strings")
            }
            return text
        }
    }
}
