import CLibPQ
import Foundation

/// One libpq connection (`PGconn`), used synchronously: every call blocks until the server answered, which
/// fits the synchronous `KnowledgeStore` protocol. Not thread-safe by itself: `PostgresStore`'s pool hands a
/// connection to one caller at a time. Values travel in libpq's text format, as `$1…` parameters.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// The URL without its password, for messages.
    public let location: String

    /// Connects to `url` (a `postgres://` URL or a libpq `key=value` string; `sslmode=` and the other
    /// libpq parameters included).
    public init(url: String) throws {
        location = PostgresURL.redacted(url)
        guard let pointer = PQconnectdb(url) else {
            throw PostgresError.connection(location: location, message: "libpq could not allocate a connection")
        }
        guard PQstatus(pointer) == CONNECTION_OK else {
            let message = PostgresURL.scrub(Self.trimmed(PQerrorMessage(pointer)), of: url)
            PQfinish(pointer)
            throw PostgresError.connection(location: location, message: message.isEmpty ? "connection failed" : message)
        }
        handle = pointer
        // Without a processor libpq prints NOTICEs ("schema … already exists, skipping") to stderr, which
        // the MCP server must keep clean. A closure without captures is a C function pointer.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the connection is usable and outside any transaction: only such a connection goes back to a pool.
    public var isReusable: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Runs one or more statements separated by semicolons, without parameters or rows.
    public func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, operation: "execute a statement", sql: sql)
    }

    /// All rows of one statement with `$1…` parameters bound to `values`.
    public func query(_ sql: String, _ values: [PostgresValue] = []) throws -> [PostgresRow] {
        try withResult(sql, values, operation: "run a query") { result in
            let rows = Int(PQntuples(result))
            let columns = Int(PQnfields(result))
            return (0..<rows).map { row in
                PostgresRow(sql: sql, values: (0..<columns).map { column in
                    guard PQgetisnull(result, Int32(row), Int32(column)) == 0, let raw = PQgetvalue(result, Int32(row), Int32(column)) else {
                        return nil
                    }
                    return String(cString: raw)
                })
            }
        }
    }

    /// Calls `body` with each row of one statement, read in place from libpq's result: for large results of
    /// integers (a query's postings), where copying every cell into a `String` first was most of the time.
    public func forEachRow(_ sql: String, _ values: [PostgresValue] = [], _ body: (PostgresCursor) throws -> Void) throws {
        try withResult(sql, values, operation: "run a query") { result in
            var cursor = PostgresCursor(result: result, sql: sql, row: 0)
            for row in 0..<Int32(PQntuples(result)) {
                cursor.row = row
                try body(cursor)
            }
        }
    }

    /// Runs one statement with parameters and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func run(_ sql: String, _ values: [PostgresValue] = []) throws -> Int {
        try withResult(sql, values, operation: "run a statement") { result in
            guard let tuples = PQcmdTuples(result) else { return 0 }
            return Int(String(cString: tuples)) ?? 0
        }
    }

    /// The first column of the first row as an integer (nil for no row or NULL).
    public func scalarInt(_ sql: String, _ values: [PostgresValue] = []) throws -> Int64? {
        guard let row = try query(sql, values).first, !row.isNull(0) else { return nil }
        return try row.int64(0)
    }

    /// Runs `body` between `BEGIN` and `COMMIT`, rolling back when it throws. With `readOnlySnapshot`, every
    /// statement of `body` reads the same snapshot (REPEATABLE READ, READ ONLY) instead of one each.
    public func transaction<T>(readOnlySnapshot: Bool = false, _ body: () throws -> T) throws -> T {
        try execute(readOnlySnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // A failed ROLLBACK means the connection is gone; the pool sees that and drops it.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Sends `sql` with text-format parameters (PQexecParams: no SQL is built from values), hands the
    /// successful result to `body`, and clears it whatever happens.
    private func withResult<T>(
        _ sql: String, _ values: [PostgresValue], operation: String, _ body: (OpaquePointer) throws -> T
    ) throws -> T {
        // strdup'd copies live until the call returns; NULL stands for SQL NULL.
        let parameters: [UnsafeMutablePointer<CChar>?] = values.map { $0.parameterText.flatMap { strdup($0) } }
        defer { parameters.forEach { free($0) } }
        let result = parameters.map { UnsafePointer($0) }.withUnsafeBufferPointer { buffer in
            PQexecParams(handle, sql, Int32(values.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, operation: operation, sql: sql)
        guard let result else {
            throw PostgresError.failed(operation: operation, message: "no result", sqlState: nil, sql: sql)
        }
        return try body(result)
    }

    /// Throws unless `result` reports success (a command, or rows).
    private func check(_ result: OpaquePointer?, operation: String, sql: String) throws {
        guard let result else {
            throw PostgresError.failed(operation: operation, message: Self.trimmed(PQerrorMessage(handle)), sqlState: nil, sql: sql)
        }
        let status = PQresultStatus(result)
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK, status != PGRES_EMPTY_QUERY else { return }
        // The primary message (plus its detail) reads better than the full text with its "LINE 1: …" caret.
        var message = Self.trimmed(PQresultErrorField(result, Int32(UInt8(ascii: "M"))))
        if let detail = PQresultErrorField(result, Int32(UInt8(ascii: "D"))) { message += " (\(String(cString: detail)))" }
        if message.isEmpty { message = Self.trimmed(PQresultErrorMessage(result)) }
        if message.isEmpty { message = Self.trimmed(PQerrorMessage(handle)) }
        if message.isEmpty { message = String(cString: PQresStatus(status)) }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        throw PostgresError.failed(operation: operation, message: message, sqlState: state, sql: sql)
    }

    /// libpq's messages end with a newline and may start with "ERROR:  ".
    static func trimmed(_ raw: UnsafePointer<CChar>?) -> String {
        guard let raw else { return "" }
        var message = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["ERROR:  ", "FATAL:  "] where message.hasPrefix(prefix) {
            message = String(message.dropFirst(prefix.count))
        }
        return message
    }
}

/// One row of a result being read by `PostgresConnection.forEachRow`, valid only during that call.
public struct PostgresCursor {
    fileprivate let result: OpaquePointer
    let sql: String
    fileprivate(set) var row: Int32

    /// The column's text as libpq holds it (nil for NULL), without a copy.
    private func raw(_ column: Int) -> UnsafePointer<CChar>? {
        guard PQgetisnull(result, row, Int32(column)) == 0 else { return nil }
        return UnsafePointer(PQgetvalue(result, row, Int32(column)))
    }

    /// An integer column, parsed from its digits in place.
    public func int64(_ column: Int) throws -> Int64 {
        guard let text = raw(column) else { throw bad(column, expected: "an integer") }
        var index = 0
        let negative = text[0] == 0x2D  // "-"
        if negative { index = 1 }
        var value: Int64 = 0
        var digits = 0
        while text[index] != 0 {
            let digit = Int64(text[index]) - 0x30
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedAgain) = times.addingReportingOverflow(digit)
            guard (0...9).contains(digit), !overflowed, !overflowedAgain else { throw bad(column, expected: "an integer") }
            value = sum
            index += 1
            digits += 1
        }
        guard digits > 0 else { throw bad(column, expected: "an integer") }
        return negative ? -value : value
    }

    public func int(_ column: Int) throws -> Int { Int(try int64(column)) }

    /// A text column (a copy).
    public func text(_ column: Int) throws -> String {
        guard let text = raw(column) else { throw bad(column, expected: "text") }
        return String(cString: text)
    }

    /// Whether a text column equals `value`, byte for byte, without copying it.
    public func textEquals(_ column: Int, _ value: String) -> Bool {
        guard let text = raw(column) else { return false }
        return value.withCString { strcmp($0, text) == 0 }
    }

    private func bad(_ column: Int, expected: String) -> PostgresError {
        .badValue(column: column, value: raw(column).map { String(cString: $0) }, expected: expected, sql: sql)
    }
}

// A connection belongs to one thread at a time: never Sendable. `PostgresStore`'s pool shares them, behind its lock.
@available(*, unavailable)
extension PostgresConnection: Sendable {}
