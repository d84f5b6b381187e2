import Foundation

/// Up to `maximumConnections` libpq connections to one server, opened on demand and handed to one caller at a
/// time. `PostgresStore` keeps one for the primary and, with a read store, one for the replica.
final class PostgresConnectionPool: @unchecked Sendable {
    // `idle` and `openCount` are touched only while `condition` is locked; `url` and `configure` never change.
    /// The URL connections are opened with (without Footnote's own `schema=`).
    let url: String
    /// The most connections open at once; a caller beyond that waits for one to come back.
    let maximumConnections: Int
    /// Session settings each new connection gets before its first use.
    private let configure: (PostgresConnection) throws -> Void
    /// Guards `idle` and `openCount`; waited on when every connection is in use.
    private let condition = NSCondition()
    /// Connections not in use.
    private var idle: [PostgresConnection] = []
    /// Connections open, in use or idle.
    private var openCount = 0

    /// A pool that opens connections to `url` lazily; `first` (already configured) becomes its first idle one.
    init(url: String, maximumConnections: Int, first: PostgresConnection? = nil,
         configure: @escaping (PostgresConnection) throws -> Void) {
        self.url = url
        self.maximumConnections = maximumConnections
        self.configure = configure
        if let first {
            idle = [first]
            openCount = 1
        }
    }

    /// Runs `body` with a connection of its own. A connection that is broken or left inside a transaction is
    /// closed instead of returned, so a server that restarted costs one failed call per pooled connection.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try body(connection)
    }

    private func borrow() throws -> PostgresConnection {
        condition.lock()
        while idle.isEmpty && openCount >= maximumConnections { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        openCount += 1
        condition.unlock()
        do {
            let connection = try PostgresConnection(url: url)
            try configure(connection)
            return connection
        } catch {
            condition.lock()
            openCount -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func giveBack(_ connection: PostgresConnection) {
        let reusable = connection.isReusable
        condition.lock()
        if reusable { idle.append(connection) } else { openCount -= 1 }
        condition.signal()
        condition.unlock()
        // A dropped connection is closed (PQfinish) when its last reference goes, here.
    }
}
