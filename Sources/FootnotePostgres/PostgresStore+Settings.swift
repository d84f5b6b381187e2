import Foundation

extension PostgresStore {
    /// The setting stored under `key` (a JSON document written by `setSetting`), nil when there is none.
    public func setting(_ key: String) throws -> String? {
        try withConnection { try $0.query("SELECT value FROM settings WHERE key = $1", [.text(key)]).first?.text(0) }
    }

    /// Stores `value` under `key`, replacing what was there; nil removes the setting. One statement each: atomic as it is.
    public func setSetting(_ key: String, _ value: String?) throws {
        try withConnection { connection in
            if let value {
                try connection.run("""
                    INSERT INTO settings(key, value, updated_at) VALUES ($1, $2, extract(epoch FROM clock_timestamp()))
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, [.text(key), .text(value)])
            } else {
                try connection.run("DELETE FROM settings WHERE key = $1", [.text(key)])
            }
        }
    }
}
