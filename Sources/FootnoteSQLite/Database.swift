import CSQLite
import Foundation

/// SQLite's "transient" destructor: SQLite copies bound text and blobs at once.
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One SQLite connection. Not thread-safe by itself: its owner serialises all access (`SearchIndex` with its lock).
public final class Database {
    /// The connection, for the C code of this module that registers functions on it.
    let handle: OpaquePointer
    public let path: String

    public init(path: String, readOnly: Bool = false) throws {
        var pointer: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError.failed(operation: "open '\(path)'", message: message, sql: nil)
        }
        handle = pointer
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    public var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorPointer: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorPointer)
        if code != SQLITE_OK {
            let message = errorPointer.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorPointer)
            throw SQLiteError.failed(operation: "execute", message: message, sql: sql)
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws -> Statement {
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &pointer, nil)
        guard code == SQLITE_OK, let pointer else {
            throw SQLiteError.failed(operation: "prepare a statement", message: lastErrorMessage, sql: sql)
        }
        return Statement(pointer: pointer, database: self, sql: sql)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Convenience: prepare, bind, and run a statement that returns no rows.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        try statement.runToEnd()
    }

    /// Convenience: all rows of a query, mapped by `row`.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var results: [T] = []
        while try statement.step() { results.append(try row(statement)) }
        return results
    }

    /// Convenience: the first column of the first row as an integer.
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        try query(sql, values) { $0.isNull(0) ? nil : $0.int64(0) }.first ?? nil
    }
}

/// A value to bind to a statement parameter.
public enum SQLValue {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public static func optional(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }
    public static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}

/// A prepared statement, finalized when released.
public final class Statement {
    private let pointer: OpaquePointer
    private unowned let database: Database
    public let sql: String

    init(pointer: OpaquePointer, database: Database, sql: String) {
        self.pointer = pointer
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(pointer) }

    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(pointer, index)
            case let .int(number): code = sqlite3_bind_int64(pointer, index, number)
            case let .double(number): code = sqlite3_bind_double(pointer, index, number)
            case let .text(text): code = sqlite3_bind_text(pointer, index, text, -1, sqliteTransient)
            case let .blob(bytes):
                code = bytes.withUnsafeBytes {
                    sqlite3_bind_blob(pointer, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                }
            }
            guard code == SQLITE_OK else {
                throw SQLiteError.failed(operation: "bind parameter \(index)", message: database.lastErrorMessage, sql: sql)
            }
        }
    }

    /// Advances to the next row; false when done.
    public func step() throws -> Bool {
        let code = sqlite3_step(pointer)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw SQLiteError.failed(operation: "run a statement", message: database.lastErrorMessage, sql: sql)
        }
    }

    public func runToEnd() throws { while try step() {} }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }
    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(pointer, column)) }
    public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(pointer, column) }

    public func text(_ column: Int32) -> String {
        guard let raw = sqlite3_column_text(pointer, column) else { return "" }
        let count = Int(sqlite3_column_bytes(pointer, column))
        return String(decoding: UnsafeBufferPointer(start: raw, count: count), as: UTF8.self)
    }

    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// A blob column's bytes (empty for NULL).
    public func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let raw = sqlite3_column_blob(pointer, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }

    /// Calls `body` with a blob column's bytes without copying them.
    public func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(pointer, column))
        let raw = sqlite3_column_blob(pointer, column)
        return try body(UnsafeRawBufferPointer(start: raw, count: raw == nil ? 0 : count))
    }
}

// A connection and its statements belong to one thread at a time (SQLite opened them in no-mutex mode):
// never Sendable. `SearchIndex` is the one owner that shares a connection, behind its lock.
@available(*, unavailable)
extension Database: Sendable {}

@available(*, unavailable)
extension Statement: Sendable {}
