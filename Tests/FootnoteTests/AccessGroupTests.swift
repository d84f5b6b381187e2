import Footnote
import FootnoteCore
import Foundation
import Testing
import TestSupport

@Suite("Access groups are applied before top-k")
struct AccessGroupTests {
    @Test("Two principals over one index see only their documents, in search, listing and citations")
    func twoPrincipals() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("hr/.footnoteaccess", "hr\n")
        try fixture.write("hr/salaries.md", "# Salaries\n\nThe salary bands for engineers are confidential.")
        try fixture.write("eng/.footnoteaccess", "# engineering only\nengineering\n")
        try fixture.write("eng/design.md", "# Design\n\nThe salary of a process is its CPU time; engineers tune it.")
        try fixture.write("public.md", "# Handbook\n\nEngineers and everyone else read the handbook about salary days.")
        _ = try fixture.knowledgeBase.add([fixture.files.path])

        func paths(_ groups: [String]?) throws -> Set<String> {
            let hits = try fixture.knowledgeBase.search(SearchRequest(
                query: "salary engineers", limit: 10, filter: SearchFilter(accessGroups: groups)))
            return Set(hits.map { ($0.path as NSString).lastPathComponent })
        }
        #expect(try paths(["hr"]) == ["salaries.md", "public.md"])
        #expect(try paths(["engineering"]) == ["design.md", "public.md"])
        #expect(try paths([]) == ["public.md"])
        #expect(try paths(nil) == ["salaries.md", "design.md", "public.md"])
        // A filtered top-1 is the best visible document, never an empty list.
        let top = try fixture.knowledgeBase.search(SearchRequest(query: "confidential salary bands", limit: 1,
                                                                 filter: SearchFilter(accessGroups: ["engineering"])))
        #expect(top.count == 1 && top.first?.path.hasSuffix("salaries.md") == false)

        let listing = try fixture.knowledgeBase.documents(accessGroups: ["engineering"]).map { ($0.path as NSString).lastPathComponent }
        #expect(Set(listing) == ["design.md", "public.md"])

        // Every catalogue read of the facade applies the same rule: a hidden document does not exist for the caller.
        let knowledgeBase = fixture.knowledgeBase
        let salaries = try #require(try knowledgeBase.documents(accessGroups: nil).first { $0.path.hasSuffix("salaries.md") })
        #expect(try knowledgeBase.document(id: salaries.id, accessGroups: ["engineering"]) == nil)
        #expect(try knowledgeBase.document(path: salaries.path, accessGroups: []) == nil)
        #expect(try knowledgeBase.document(id: salaries.id, accessGroups: ["hr"])?.path == salaries.path)
        #expect(try knowledgeBase.chunks(documentID: salaries.id, accessGroups: ["engineering"]).isEmpty)
        #expect(try !knowledgeBase.chunks(documentID: salaries.id, accessGroups: ["hr"]).isEmpty)
        #expect(try knowledgeBase.canonicalText(of: salaries, accessGroups: ["engineering"]) == nil)
        #expect(try knowledgeBase.canonicalText(of: salaries, accessGroups: nil)?.contains("confidential") == true)
        let visible = try knowledgeBase.statistics(accessGroups: ["engineering"])
        #expect(visible.scope == "visible" && visible.documents == 2 && visible.versions == nil && visible.fileBytes == nil)
        let whole = try knowledgeBase.statistics(accessGroups: nil)
        #expect(whole.scope == "index" && whole.documents == 3 && whole.versions == 3)

        let secret = try #require(try fixture.knowledgeBase.search(SearchRequest(query: "confidential")).first)
        #expect(throws: FootnoteError.self) { try fixture.knowledgeBase.cite(secret.citation, accessGroups: ["engineering"]) }
        #expect(try fixture.knowledgeBase.cite(secret.citation, accessGroups: ["hr"]).text == secret.text)
    }

    @Test("Changing a .footnoteaccess file updates the groups of unchanged documents")
    func regroup() throws {
        let fixture = try KnowledgeBaseFixture()
        let access = try fixture.write("team/.footnoteaccess", "alpha\n")
        try fixture.write("team/plan.md", "The roadmap for next year.")
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(try fixture.knowledgeBase.store.documents().first?.accessGroups == ["alpha"])
        try "beta\n".write(to: access, atomically: true, encoding: .utf8)
        _ = try fixture.knowledgeBase.sync()
        #expect(try fixture.knowledgeBase.store.documents().first?.accessGroups == ["beta"])
        #expect(try fixture.knowledgeBase.search(SearchRequest(query: "roadmap", filter: SearchFilter(accessGroups: ["alpha"]))).isEmpty)
    }
}
