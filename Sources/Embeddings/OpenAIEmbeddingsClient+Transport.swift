import Foundation
import FootnoteCore
import HTTPTransport

extension OpenAIEmbeddingsClient {
    /// What one attempt came to: vectors, or a failure that may be worth another attempt.
    enum AttemptOutcome {
        case vectors([[Float]])
        case retryable(reason: String, retryAfter: TimeInterval?)
        case fatal(EmbeddingsError)
    }

    /// Posts `inputs` and returns the server's vectors in input order (not yet normalised), retrying
    /// 408, 429, 5xx, timeouts and lost connections up to `maxRetries` times with exponential backoff.
    func send(_ inputs: [String]) async throws -> [[Float]] {
        let body: Data
        do {
            body = try JSONEncoder().encode(OpenAIEmbeddingsWire.Request(model: configuration.model, input: inputs))
        } catch {
            throw failure("could not encode the request (\(error))")
        }
        let attempts = configuration.maxRetries + 1
        var lastReason = ""
        for attempt in 1...attempts {
            switch await attemptOnce(body: body, count: inputs.count) {
            case let .vectors(vectors):
                return vectors
            case let .fatal(error):
                throw error
            case let .retryable(reason, retryAfter):
                lastReason = reason
                if attempt < attempts {
                    try await Task.sleep(nanoseconds: UInt64(backoff(afterAttempt: attempt, retryAfter: retryAfter) * 1e9))
                }
            }
        }
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        throw failure("\(lastReason) (gave up after \(tries))")
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based): `initialBackoff · 2^(attempt-1)`
    /// with up to 20% jitter, at least the server's `Retry-After`, at most `maxBackoff`.
    func backoff(afterAttempt attempt: Int, retryAfter: TimeInterval?) -> TimeInterval {
        let exponential = configuration.initialBackoff * pow(2, Double(min(attempt - 1, 30)))
        let jittered = exponential * Double.random(in: 0.8...1.0)
        return min(configuration.maxBackoff, max(jittered, retryAfter ?? 0))
    }

    /// One POST: decodes a 2xx answer, classifies everything else.
    func attemptOnce(body: Data, count: Int) async -> AttemptOutcome {
        var headers = [(name: "Content-Type", value: "application/json"), (name: "Accept", value: "application/json")]
        if let key = configuration.apiKey, !key.isEmpty {
            headers.append((name: "Authorization", value: "Bearer \(key)"))
        }
        let head: HTTPResponseHead
        let data: Data
        do {
            // One attempt never outlives its timeout, even when the server trickles bytes.
            (head, data) = try await HTTPClient.send(
                HTTPRequest(url: endpoint, method: "POST", headers: headers, body: body),
                idleTimeout: configuration.timeout, totalTimeout: configuration.timeout)
        } catch let error as HTTPTransportError {
            return classify(error)
        } catch is CancellationError {
            return .fatal(failure("was cancelled"))
        } catch {
            return .fatal(failure("failed: \(error)"))
        }
        guard (200..<300).contains(head.status) else {
            let reason = "answered \(head.statusLine): \(OpenAIEmbeddingsWire.serverMessage(from: data))"
            if Self.isRetryable(status: head.status) {
                let retryAfter = head.headers["retry-after"].flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
                return .retryable(reason: reason, retryAfter: retryAfter)
            }
            return .fatal(failure(reason + Self.hint(status: head.status)))
        }
        do {
            return .vectors(try decode(data, count: count))
        } catch let error as EmbeddingsError {
            return .fatal(error)
        } catch {
            return .fatal(failure("returned a body that is not an embeddings response (\(error))"))
        }
    }

    /// The vectors of a 2xx body, put in input order by each item's `index` (array order when absent).
    func decode(_ data: Data, count: Int) throws -> [[Float]] {
        let response: OpenAIEmbeddingsWire.Response
        do {
            response = try JSONDecoder().decode(OpenAIEmbeddingsWire.Response.self, from: data)
        } catch {
            let start = String(decoding: data.prefix(200), as: UTF8.self)
            throw failure("returned a body that is not an embeddings response: '\(start)'")
        }
        guard response.data.count == count else {
            throw failure("returned \(response.data.count) embeddings for \(count) inputs")
        }
        var ordered = [[Float]?](repeating: nil, count: count)
        for (position, item) in response.data.enumerated() {
            let index = item.index ?? position
            guard ordered.indices.contains(index), ordered[index] == nil else {
                throw failure("returned an out-of-range or repeated index \(index) for \(count) inputs")
            }
            ordered[index] = item.embedding
        }
        return ordered.compactMap { $0 }
    }

    /// Timeouts and lost or refused connections are retried; bad URLs and the like are not.
    func classify(_ error: HTTPTransportError) -> AttemptOutcome {
        switch error {
        case .timedOut:
            return .retryable(reason: "timed out after \(Self.seconds(configuration.timeout)) s", retryAfter: nil)
        case let .unreachable(_, reason):
            return .retryable(reason: "cannot connect (\(reason)); is the server running?", retryAfter: nil)
        case let .invalidRequest(_, reason):
            return .fatal(failure("failed: \(reason)"))
        }
    }

    /// 408 Request Timeout, 429 Too Many Requests and 5xx other than 501/505 may pass on a later try.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || ((500..<600).contains(status) && status != 501 && status != 505)
    }

    /// What a user can do about a non-retryable status.
    static func hint(status: Int) -> String {
        switch status {
        case 401, 403: return " (check the API key)"
        case 404: return " (check the URL and the model name; the server must serve POST …/v1/embeddings)"
        case 400, 413, 422: return " (the server rejected the input; try a smaller batch or shorter chunks)"
        default: return ""
        }
    }

    /// An error naming the endpoint and the model, then what happened.
    func failure(_ what: String) -> EmbeddingsError {
        .invalidRequest(reason: "POST \(endpoint.absoluteString) (model '\(configuration.model)') \(what)")
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)
    }
}
