import Hummingbird

extension RouterGroup where Context == FootnoteRequestContext {
    /// `POST /v1/ask`: answers grounded in the caller's documents (wired once `KnowledgeBase.ask` exists).
    func addAskRoutes(service: KnowledgeService) {
        post("ask") { _, context -> Response in
            _ = try context.caller()
            throw ServiceError.unavailable("Grounded answers (ask) are not available in this build yet")
        }
    }
}
