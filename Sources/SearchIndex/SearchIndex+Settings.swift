import Foundation
import FootnoteSQLite

extension SearchIndex {
    /// The setting stored under `key` (a JSON document written by `setSetting`), nil when there is none.
    public func setting(_ key: String) throws -> String? {
        try locked {
            try database.query("SELECT value FROM settings WHERE key = ?", [.text(key)]) { $0.text(0) }.first
        }
    }

    /// Stores `value` under `key`, replacing what was there; nil removes the setting.
    public func setSetting(_ key: String, _ value: String?) throws {
        try locked {
            try database.transaction {
                if let value {
                    try database.run("""
                        INSERT INTO settings(key, value, updated_at) VALUES (?, ?, julianday('now'))
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        """, [.text(key), .text(value)])
                } else {
                    try database.run("DELETE FROM settings WHERE key = ?", [.text(key)])
                }
            }
        }
    }
}
