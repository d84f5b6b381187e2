import Foundation

/// Connection strings as libpq takes them (`postgres://user:password@host:port/db?sslmode=…` or
/// `host=… password=…`), shown without their password: every message and `location` goes through here.
public enum PostgresURL {
    /// `url` without the password of its user info or of a `password=` parameter.
    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else {
            return redactKeywordPassword(url)
        }
        let scheme = url[..<schemeEnd.upperBound]
        var rest = Substring(url[schemeEnd.upperBound...])
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var tail = String(rest[authorityEnd...])
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            let user = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            rest = user + authority[at...]
        } else {
            rest = authority
        }
        if let question = tail.firstIndex(of: "?") {
            let parameters = tail[tail.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            let kept = parameters.filter { !$0.lowercased().hasPrefix("password=") }
            tail = String(tail[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        return scheme + rest + tail
    }

    /// The password written in `url` (raw and percent-decoded), so that a message echoing it can be scrubbed.
    static func passwords(in url: String) -> [String] {
        var found: [String] = []
        if let schemeEnd = url.range(of: "://") {
            let rest = url[schemeEnd.upperBound...]
            let authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex)]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                found.append(String(authority[authority.index(after: colon)..<at]))
            }
            if let question = rest.firstIndex(of: "?") {
                for parameter in rest[rest.index(after: question)...].split(separator: "&")
                where parameter.lowercased().hasPrefix("password=") {
                    found.append(String(parameter.dropFirst("password=".count)))
                }
            }
        } else if let range = url.range(of: #"password\s*=\s*('([^'\\]|\\.)*'|\S+)"#, options: .regularExpression) {
            let value = url[range].split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            found.append(value.hasPrefix("'") ? String(value.dropFirst().dropLast()) : value)
        }
        found += found.compactMap { $0.removingPercentEncoding }
        return found.filter { !$0.isEmpty }
    }

    /// `message` with every password of `url` replaced by `***`.
    static func scrub(_ message: String, of url: String) -> String {
        passwords(in: url).reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    private static func redactKeywordPassword(_ conninfo: String) -> String {
        conninfo.replacingOccurrences(
            of: #"password\s*=\s*('([^'\\]|\\.)*'|\S+)"#, with: "password=***", options: .regularExpression)
    }

    /// Footnote's own `schema=NAME` parameter split off a `postgres://` URL (libpq refuses parameters it does not
    /// know): several knowledge bases share one database, each in its schema. The URL is returned unchanged when
    /// it has none.
    public static func splittingSchema(_ url: String) -> (url: String, schema: String?) {
        let split = splittingParameter("schema", from: url)
        return (split.url, split.value)
    }

    /// `url` with the parameter `name=value` added: after `?`, or after `&` when the URL has parameters already;
    /// in a libpq key=value string, after a space.
    public static func adding(_ name: String, _ value: String, to url: String) -> String {
        guard url.range(of: "://") != nil else { return url + " " + name + "=" + value }
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value
    }

    /// Footnote's own parameter `name=VALUE` split off a `postgres://` URL (percent-decoded; the last one wins),
    /// and the URL without it, as libpq takes it.
    public static func splittingParameter(_ name: String, from url: String) -> (url: String, value: String?) {
        guard url.range(of: "://") != nil, let question = url.firstIndex(of: "?") else { return (url, nil) }
        var value: String?
        let prefix = name + "="
        let parameters = url[url.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
        let kept = parameters.filter { parameter in
            guard parameter.hasPrefix(prefix) else { return true }
            value = String(parameter.dropFirst(prefix.count)).removingPercentEncoding
            return false
        }
        return (String(url[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&")), value)
    }
}
