import Foundation

/// Everything that can go wrong while loading or running a native embedding model.
public enum EmbeddingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model folder, or a file the encoder needs inside it, does not exist.
    case modelNotFound(directory: String, missingFile: String)
    /// A model file exists but cannot be read or parsed.
    case invalidModelFile(path: String, reason: String)
    /// The safetensors file lacks a tensor, or it has an unexpected shape or type.
    case invalidTensor(name: String, reason: String)
    /// The configuration describes a model this encoder does not run.
    case unsupportedModel(reason: String)
    /// A request the encoder cannot serve (for example after it was shut down).
    case invalidRequest(reason: String)

    public var description: String {
        switch self {
        case let .modelNotFound(directory, missingFile):
            return "Cannot load the embedding model: '\(missingFile)' is missing in '\(directory)'. "
                + "Run scripts/fetch-model.sh (or `make model`) or set --model-dir / FOOTNOTE_MODEL_DIR."
        case let .invalidModelFile(path, reason):
            return "Cannot read model file '\(path)': \(reason). "
                + "Delete the model folder and run scripts/fetch-model.sh again."
        case let .invalidTensor(name, reason):
            return "Cannot use tensor '\(name)' of the model: \(reason)."
        case let .unsupportedModel(reason):
            return "Unsupported embedding model: \(reason)."
        case let .invalidRequest(reason):
            return "Cannot embed: \(reason)."
        }
    }
}

extension EmbeddingsError: LocalizedError {
    public var errorDescription: String? { description }
}
