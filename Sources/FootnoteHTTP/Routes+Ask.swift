import Foundation
import FootnoteCore
import Hummingbird

extension RouterGroup where Context == FootnoteRequestContext {
    /// `POST /v1/ask`: JSON answer, or with `Accept: text/event-stream` a stream of `token` events (the draft,
    /// citation markers held back until verified) followed by one `answer` event (or an `error` event).
    func addAskRoutes(service: KnowledgeService) {
        post("ask") { request, context -> Response in
            let principal = try context.caller()
            let body = try await request.decode(as: AskBody.self, context: context)
            guard request.headers[.accept]?.contains("text/event-stream") == true else {
                return try JSONResponse.make(try await service.ask(body, principal: principal))
            }
            let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
            let filter = StreamFilter()
            let requestID = context.requestID
            let task = Task {
                do {
                    let answer = try await service.ask(body, principal: principal) { piece in
                        let shown = filter.feed(piece)
                        if !shown.isEmpty { continuation.yield(ServerSentEvent.encode("token", ["text": shown])) }
                    }
                    continuation.yield(ServerSentEvent.encode("answer", answer))
                } catch {
                    let (_, code, message) = ErrorMiddleware.describe(error)
                    continuation.yield(ServerSentEvent.encode("error", ErrorResponse(error: .init(code: code, message: message, requestId: requestID))))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody(asyncSequence: stream))
        }
    }
}

/// One `event:`/`data:` block of a text/event-stream (https://html.spec.whatwg.org/multipage/server-sent-events.html).
enum ServerSentEvent {
    static func encode<T: Encodable>(_ name: String, _ value: T) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n")
    }
}

/// `CitationMarkerFilter` shared by the token callback (which may run on any thread); `lock` serialises it.
final class StreamFilter: @unchecked Sendable {
    private let lock = NSLock()
    private var filter = CitationMarkerFilter()

    func feed(_ piece: String) -> String { lock.withLock { filter.feed(piece) } }
}
