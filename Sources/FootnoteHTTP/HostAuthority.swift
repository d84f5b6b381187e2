import Foundation

/// The `host[:port]` of a `Host` header, an `Origin` or an `--allowed-host` entry: the host lowercased
/// (IPv6 literals keep their brackets), the port when one was written.
struct HostAuthority: Sendable, Hashable {
    var host: String
    var port: Int?

    init(host: String, port: Int?) {
        self.host = host.lowercased()
        self.port = port
    }

    /// Parses `name`, `name:port`, `1.2.3.4:port` or `[v6]:port`; nil for anything else (paths, user info,
    /// spaces, an empty host, a port outside 1…65535).
    init?(parsing text: String) {
        let text = text.lowercased()
        guard !text.isEmpty, text.utf8.count <= 300 else { return nil }
        let hostPart: Substring
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
            var address = in6_addr()
            guard inet_pton(AF_INET6, String(hostPart.dropFirst().dropLast()), &address) == 1 else { return nil }
        } else {
            let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
            guard !hostPart.isEmpty, hostPart.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else { return nil }
        }
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart),
                  (1...65535).contains(port) else { return nil }
            self.init(host: String(hostPart), port: port)
        } else {
            self.init(host: String(hostPart), port: nil)
        }
    }

    /// The scheme, host and effective port of an `Origin` header (`http://127.0.0.1:8080`); nil for
    /// `null` and anything that is not an http(s) origin.
    static func origin(_ text: String) -> (scheme: String, authority: HostAuthority, port: Int)? {
        let lowered = text.lowercased()
        for (scheme, defaultPort) in [("http", 80), ("https", 443)] where lowered.hasPrefix(scheme + "://") {
            guard let authority = HostAuthority(parsing: String(lowered.dropFirst(scheme.count + 3))) else { return nil }
            return (scheme, authority, authority.port ?? defaultPort)
        }
        return nil
    }

    /// The host as an address literal is written in `Host` (IPv6 in brackets).
    static func literal(ipAddress: String) -> String {
        ipAddress.contains(":") ? "[\(ipAddress.lowercased())]" : ipAddress.lowercased()
    }

    /// A configured `--host` as clients write it: a bare IPv6 literal gets brackets, anything else stays.
    static func literalIfAddress(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
