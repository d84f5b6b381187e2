@testable import FootnotePostgres
import Testing

/// Footnote's parameters travel in the store URL beside libpq's: adding and splitting them must keep the rest intact.
@Suite("PostgreSQL URLs: parameters added and split off")
struct PostgresURLTests {
    @Test("a parameter goes after ?, after & when there are parameters already, and after a space in key=value form")
    func adding() {
        #expect(PostgresURL.adding("sslmode", "disable", to: "postgres://u@h:5432/db") == "postgres://u@h:5432/db?sslmode=disable")
        #expect(PostgresURL.adding("vector_index_above", "0", to: "postgres://u@h/db?schema=kb")
            == "postgres://u@h/db?schema=kb&vector_index_above=0")
        #expect(PostgresURL.adding("connect_timeout", "5", to: "host=h dbname=db") == "host=h dbname=db connect_timeout=5")
    }

    @Test("an added parameter is split off again, leaving the URL libpq takes")
    func roundTrip() {
        let url = PostgresURL.adding("vector_index_above", "250", to: "postgres://u@h/db?schema=kb")
        let split = PostgresURL.splittingParameter("vector_index_above", from: url)
        #expect(split.value == "250")
        #expect(PostgresURL.splittingSchema(split.url) == ("postgres://u@h/db", "kb"))
    }

    @Test("connect_timeout is added once: a URL that sets its own keeps it")
    func connectTimeout() {
        #expect(PostgresReplica.withConnectTimeout("postgres://u@h/db").hasSuffix("?connect_timeout=\(PostgresReplica.defaultConnectTimeout)"))
        #expect(PostgresReplica.withConnectTimeout("postgres://u@h/db?connect_timeout=2") == "postgres://u@h/db?connect_timeout=2")
    }
}
