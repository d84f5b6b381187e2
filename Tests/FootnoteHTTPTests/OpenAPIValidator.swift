import Foundation

/// Checks JSON values against the OpenAPI document's schemas: `$ref`, `type`, `properties`, `required`,
/// `additionalProperties`, `items`, `enum`, `minimum`/`maximum` — the subset the document uses.
struct OpenAPIValidator {
    let document: [String: Any]

    init(json: Data) throws {
        document = (try JSONSerialization.jsonObject(with: json) as? [String: Any]) ?? [:]
    }

    /// The path template (e.g. `/v1/cite/{id}`) that a concrete path matches.
    func template(for path: String) -> String? {
        let paths = (document["paths"] as? [String: Any])?.keys.sorted() ?? []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.first { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// The documented JSON schema of a response, or nil when that status is not documented.
    func responseSchema(path: String, method: String, status: Int) -> [String: Any]? {
        guard let template = template(for: path),
              let operation = ((document["paths"] as? [String: Any])?[template] as? [String: Any])?[method.lowercased()] as? [String: Any],
              let response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else { return nil }
        return ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] ?? [:]
    }

    /// Problems found, as JSON-pointer-like locations with reasons; empty when the value conforms.
    func problems(_ value: Any, schema: [String: Any], at location: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            guard let target = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] as? [String: Any] else {
                return ["\(location): unresolved \(reference)"]
            }
            return problems(value, schema: target, at: location)
        }
        var found: [String] = []
        if let type = schema["type"] as? String, !Self.matches(value, type: type) {
            return ["\(location): expected \(type), got \(Swift.type(of: value)) \(value)"]
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            found.append("\(location): '\(value)' is not one of \(allowed)")
        }
        if let number = value as? Double {
            if let minimum = schema["minimum"] as? Double, number < minimum { found.append("\(location): \(number) < \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number > maximum { found.append("\(location): \(number) > \(maximum)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(location): missing required '\(name)'")
            }
            for (name, item) in object {
                if let property = properties[name] as? [String: Any] {
                    found += problems(item, schema: property, at: "\(location).\(name)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += problems(item, schema: additional, at: "\(location).\(name)")
                } else if (schema["additionalProperties"] as? Bool) == false {
                    found.append("\(location): undocumented property '\(name)'")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { found += problems(item, schema: items, at: "\(location)[\(index)]") }
        }
        return found
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        let isBool = value is Bool && (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? true
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBool || value is Bool
        case "integer":
            guard !isBool, let number = value as? NSNumber else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return !isBool && value is NSNumber
        case "null": return value is NSNull
        default: return true
        }
    }
}
