// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Footnote",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "footnote", targets: ["FootnoteCLI"]),
        .library(name: "Footnote", targets: ["Footnote"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already resolved through Hummingbird; declared because Footnote's own targets import them.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        // C libraries, each behind one system-library target (module map only).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // Vectorised element-wise kernels (GELU, softmax, layer norm) for the encoder.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffast-math", "-mavx2", "-mfma"])]
        ),

        // FTS5 ranking function `footnote_bm25`: bm25() with row lengths cached in memory.
        .target(name: "CFootnoteRank", dependencies: ["CSQLite"], cSettings: [.unsafeFlags(["-O2"])],
                linkerSettings: [.linkedLibrary("stemmer")]),

        // Domain values and protocols; no I/O, no dependencies.
        .target(name: "FootnoteCore"),
        .target(
            name: "DocumentParsing",
            dependencies: ["FootnoteCore", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The one English text analyzer (Snowball stems, one stopword list) of the index and of Grounding.
        .target(name: "TextAnalysis", dependencies: ["CStemmer"]),
        // The storage protocol every backend implements, with the query and record types it speaks.
        .target(name: "KnowledgeStore", dependencies: ["FootnoteCore", "TextAnalysis"]),
        // The one door to SQLite: connections, statements, migrations, the ranking function and the tokenizer.
        // The only importer of CSQLite and CFootnoteRank.
        .target(name: "FootnoteSQLite", dependencies: ["FootnoteCore", "CSQLite", "CFootnoteRank"]),
        .target(name: "SearchIndex", dependencies: ["FootnoteCore", "KnowledgeStore", "FootnoteSQLite"]),
        // The PostgreSQL + pgvector store (libpq); the only importer of CLibPQ.
        .target(name: "FootnotePostgres", dependencies: ["FootnoteCore", "KnowledgeStore", "FootnoteSQLite", "CLibPQ", .product(name: "Logging", package: "swift-log")]),
        .target(name: "HTTPTransport", dependencies: ["FootnoteCore", "CCurl"]),
        .target(name: "Embeddings", dependencies: ["FootnoteCore", "COpenBLAS", "CKernels", "HTTPTransport"]),
        .target(name: "Grounding", dependencies: ["FootnoteCore", "TextAnalysis"]),
        .target(name: "LanguageModels", dependencies: ["FootnoteCore", "HTTPTransport"]),
        .target(
            name: "Footnote",
            dependencies: ["FootnoteCore", "DocumentParsing", "KnowledgeStore", "SearchIndex", "FootnotePostgres", "Embeddings", "Grounding", "LanguageModels", "TextAnalysis"]
        ),
        // Retrieval and grounded-QA evaluation, calibration and benchmarks over the facade (`eval`, `eval-qa`,
        // `calibrate DATASET`, `bench`); the service never links it.
        .target(
            name: "FootnoteEvaluation",
            dependencies: ["Footnote", "FootnoteCore", "KnowledgeStore", "Embeddings", "Grounding", "LanguageModels"]
        ),
        .executableTarget(
            name: "FootnoteCLI",
            dependencies: [
                "Footnote", "FootnoteEvaluation", "FootnoteCore", "FootnoteHTTP", "FootnoteMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .target(name: "TestSupport", dependencies: ["FootnoteCore"], path: "Tests/TestSupport"),
        .testTarget(
            name: "DocumentParsingTests",
            dependencies: ["DocumentParsing", "FootnoteCore", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "KnowledgeStore", "FootnoteSQLite", "FootnoteCore", "TextAnalysis", "TestSupport"]),
        // The storage contract, written once and run against every `KnowledgeStore` implementation.
        .testTarget(name: "KnowledgeStoreContractTests", dependencies: ["KnowledgeStore", "SearchIndex", "FootnotePostgres", "FootnoteCore", "TestSupport"]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings", "FootnoteCore", "CKernels", "TestSupport"]),
        .testTarget(name: "GroundingTests", dependencies: ["Grounding", "FootnoteCore", "TextAnalysis", "TestSupport"]),
        .testTarget(name: "LanguageModelsTests", dependencies: ["LanguageModels", "FootnoteCore", "TestSupport"]),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestSupport"]),
        .testTarget(
            name: "FootnoteTests",
            dependencies: [
                "Footnote", "FootnoteEvaluation", "FootnoteCore", "Grounding", "LanguageModels", "Embeddings", "KnowledgeStore", "SearchIndex", "TestSupport",
                "FootnoteSQLite", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),

        // Footnote as a service (issue 5): HTTP API + web page (Hummingbird), MCP server over stdio.
        .target(
            name: "FootnoteHTTP",
            dependencies: [
                "Footnote", "FootnoteCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "FootnoteMCP",
            dependencies: [
                "Footnote", "FootnoteCore",
                .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FootnoteHTTPTests",
            dependencies: [
                "FootnoteHTTP", "Footnote", "FootnoteCore", "Grounding", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "FootnoteMCPTests", dependencies: ["FootnoteMCP", "Footnote", "Grounding", "TestSupport", .product(name: "MCP", package: "swift-sdk")]),
    ]
)
