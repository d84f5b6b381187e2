/// The single-page UI served at `/`.
enum WebPage {
    static let html = "<!doctype html><title>Footnote</title>"
}
