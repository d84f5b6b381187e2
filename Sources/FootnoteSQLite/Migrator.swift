/// One named schema change; names sort in the order they are applied ("001-…", "002-…").
public struct Migration: Sendable {
    public let name: String
    public let sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

extension Database {
    /// Applies the migrations this file has not seen, each in its own transaction, and records them in
    /// `footnote_migrations`. Throws `SQLiteError.newerSchema` when the file has a migration not in the list
    /// (a newer program wrote it). Safe against another process migrating at the same time.
    public func migrate(_ migrations: [Migration]) throws {
        try execute("""
            CREATE TABLE IF NOT EXISTS footnote_migrations(
                name TEXT PRIMARY KEY,
                applied_at REAL NOT NULL
            )
            """)
        let applied = Set(try query("SELECT name FROM footnote_migrations") { $0.text(0) })
        let known = Set(migrations.map(\.name))
        if let unknown = applied.subtracting(known).sorted().last {
            throw SQLiteError.newerSchema(path: path, found: unknown)
        }
        for migration in migrations where !applied.contains(migration.name) {
            try transaction {
                // Another process may have applied it while we waited for the write lock.
                let done = try scalarInt("SELECT count(*) FROM footnote_migrations WHERE name = ?", [.text(migration.name)]) ?? 0
                guard done == 0 else { return }
                try execute(migration.sql)
                try run("INSERT INTO footnote_migrations(name, applied_at) VALUES (?, julianday('now'))", [.text(migration.name)])
            }
        }
    }

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try query("SELECT name FROM footnote_migrations ORDER BY name") { $0.text(0) }
    }
}
