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
    ],
    targets: [
        // C libraries, each behind one system-library target (module map only).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Vectorised element-wise kernels (GELU, softmax, layer norm) for the encoder.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffast-math", "-mavx2", "-mfma"])]
        ),

        // Domain values and protocols; no I/O, no dependencies.
        .target(name: "FootnoteCore"),
        .target(
            name: "DocumentParsing",
            dependencies: ["FootnoteCore", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(name: "SearchIndex", dependencies: ["FootnoteCore", "CSQLite"]),
        .target(name: "Embeddings", dependencies: ["FootnoteCore", "COpenBLAS", "CKernels"]),
        .target(name: "Grounding", dependencies: ["FootnoteCore"]),
        .target(name: "LanguageModels", dependencies: ["FootnoteCore"]),
        .target(
            name: "Footnote",
            dependencies: ["FootnoteCore", "DocumentParsing", "SearchIndex", "Embeddings", "Grounding", "LanguageModels"]
        ),
        .executableTarget(
            name: "FootnoteCLI",
            dependencies: ["Footnote", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .target(name: "TestSupport", dependencies: ["FootnoteCore"], path: "Tests/TestSupport"),
        .testTarget(
            name: "DocumentParsingTests",
            dependencies: ["DocumentParsing", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "TestSupport"]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings", "TestSupport"]),
        .testTarget(name: "GroundingTests", dependencies: ["Grounding", "TestSupport"]),
        .testTarget(name: "LanguageModelsTests", dependencies: ["LanguageModels", "TestSupport"]),
        .testTarget(name: "FootnoteTests", dependencies: ["Footnote", "TestSupport"]),
    ]
)
