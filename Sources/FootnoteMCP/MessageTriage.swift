import Foundation
import MCP

/// Checks one framed line against JSON-RPC 2.0 and MCP before the SDK's server sees it, so that every
/// malformed message gets the error the spec names (the SDK would drop some and answer others with a
/// random id): -32700 for what is not JSON (or a line over the length limit), -32600 for JSON that is not
/// a request (an id that is not a string or an integer, a missing "jsonrpc": "2.0", a method that is not a
/// string, an empty batch), -32602 for parameters of the wrong shape. The id is null when it is unknown.
enum MessageTriage {
    /// What one message becomes.
    enum Item: Sendable {
        /// A request for the server; exactly one reply is due for `id`.
        case request(Data, id: ID)
        /// A notification or a client's response for the server (no reply); `cancels` names a cancelled request.
        case message(Data, cancels: ID?)
        /// A reply written without the server.
        case reply(Data)
    }

    /// The messages of one line: one, or a batch's items in order (their replies form one array).
    struct Line: Sendable {
        var items: [Item]
        var isBatch: Bool
    }

    /// The reply to a line longer than `maximumLineLength` bytes, whose bytes were dropped.
    static func oversized(maximumLineLength: Int) -> Line {
        Line(items: [.reply(errorReply(.parseError("line longer than \(maximumLineLength) bytes"), id: nil))], isBatch: false)
    }

    /// Sorts one line into requests, notifications and immediate error replies.
    static func triage(_ line: Data) -> Line {
        guard let value = try? JSONDecoder().decode(Value.self, from: line) else {
            return Line(items: [.reply(errorReply(.parseError("not a JSON value"), id: nil))], isBatch: false)
        }
        guard case let .array(elements) = value else { return Line(items: [item(value, line: line)], isBatch: false) }
        guard !elements.isEmpty else {
            return Line(items: [.reply(errorReply(.invalidRequest("an empty batch"), id: nil))], isBatch: false)
        }
        return Line(items: elements.map { item($0, line: nil) }, isBatch: true)
    }

    /// The parameter type of a method the server answers; other methods get -32601 from the server.
    private static func parameterType(of method: String) -> (any Decodable.Type)? {
        switch method {
        case Initialize.name: return Initialize.Parameters.self
        case Ping.name: return Empty.self
        case ListTools.name: return ListTools.Parameters.self
        case CallTool.name: return CallTool.Parameters.self
        case ListResources.name: return ListResources.Parameters.self
        case ReadResource.name: return ReadResource.Parameters.self
        case ListResourceTemplates.name: return ListResourceTemplates.Parameters.self
        default: return nil
        }
    }

    private static func item(_ value: Value, line: Data?) -> Item {
        guard case let .object(fields) = value else { return .reply(errorReply(.invalidRequest("not a JSON object"), id: nil)) }
        let id = fields["id"].flatMap(requestID)
        let data = line ?? (try? JSONEncoder().encode(value)) ?? Data()
        if fields["method"] == nil, fields["result"] != nil || fields["error"] != nil { return .message(data, cancels: nil) }
        guard fields["jsonrpc"] == .string("2.0") else { return .reply(errorReply(.invalidRequest("\"jsonrpc\" must be \"2.0\""), id: id)) }
        guard case let .string(method) = fields["method"] else {
            return .reply(errorReply(.invalidRequest("\"method\" must be a string"), id: id))
        }
        let params = fields["params"] ?? .null
        switch params {
        case .object, .array, .null: break
        default: return .reply(errorReply(.invalidRequest("\"params\" must be an object or an array"), id: id))
        }
        guard let rawID = fields["id"] else {
            let cancelled = method == CancelledNotification.name ? params.objectValue?["requestId"].flatMap(requestID) : nil
            return .message(data, cancels: cancelled)
        }
        guard let id else {
            return .reply(errorReply(.invalidRequest("\"id\" must be a string or an integer, not \(kind(of: rawID))"), id: nil))
        }
        if let problem = parameterProblem(method: method, params: params) {
            return .reply(errorReply(.invalidParams(problem), id: id))
        }
        return .request(data, id: id)
    }

    /// Why `params` cannot be the parameters of `method`, if it cannot.
    private static func parameterProblem(method: String, params: Value) -> String? {
        guard let type = parameterType(of: method) else { return nil }
        if params.isNull {
            return type is NotRequired.Type ? nil : "\(method) needs params"
        }
        do {
            _ = try JSONDecoder().decode(type, from: JSONEncoder().encode(params))
            return nil
        } catch let DecodingError.typeMismatch(_, context) {
            return "\(field(context.codingPath)) has the wrong type"
        } catch let DecodingError.keyNotFound(key, context) {
            return "\(field(context.codingPath + [key])) is missing"
        } catch {
            return "params do not fit \(method)"
        }
    }

    /// `params.arguments`, `params.clientInfo.name`: where in the parameters a problem is.
    private static func field(_ path: [any CodingKey]) -> String {
        (["params"] + path.map(\.stringValue)).joined(separator: ".")
    }

    /// A JSON-RPC request id: MCP allows strings and integers only (not null, not fractions).
    static func requestID(_ value: Value) -> ID? {
        switch value {
        case let .string(text): return .string(text)
        case let .int(number): return .number(number)
        default: return nil
        }
    }

    private static func kind(of value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a non-integer number"
        case .string, .data: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// `{"jsonrpc": "2.0", "id": <id or null>, "error": {...}}`.
    static func errorReply(_ error: MCPError, id: ID?) -> Data {
        (try? JSONEncoder().encode(ErrorReply(id: id, error: error)))
            ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}}"#.utf8)
    }

    private struct ErrorReply: Encodable {
        let id: ID?
        let error: MCPError
        enum CodingKeys: String, CodingKey { case jsonrpc, id, error }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("2.0", forKey: .jsonrpc)
            if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
            try container.encode(error, forKey: .error)
        }
    }
}
