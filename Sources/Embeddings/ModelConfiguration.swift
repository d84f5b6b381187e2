import Foundation

/// The BERT architecture from a Hugging Face `config.json`.
public struct BERTConfiguration: Sendable, Hashable, Codable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var vocabSize: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var hiddenAct: String
    public var modelType: String?
    public var positionEmbeddingType: String?

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings", vocabSize = "vocab_size"
        case typeVocabSize = "type_vocab_size", layerNormEps = "layer_norm_eps", hiddenAct = "hidden_act"
        case modelType = "model_type", positionEmbeddingType = "position_embedding_type"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-12
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType)
        positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType)
    }

    /// Reads and checks `config.json`: only BERT encoders with exact GELU and absolute positions run here.
    public static func load(from url: URL) throws -> BERTConfiguration {
        let config: BERTConfiguration = try ModelFiles.decodeJSON(url)
        if let type = config.modelType, type != "bert" {
            throw EmbeddingsError.unsupportedModel(reason: "model_type '\(type)' in '\(url.path)' (only 'bert' is supported)")
        }
        guard ["gelu", "gelu_python"].contains(config.hiddenAct) else {
            throw EmbeddingsError.unsupportedModel(reason: "hidden_act '\(config.hiddenAct)' in '\(url.path)' (only the erf GELU 'gelu' is supported)")
        }
        if let p = config.positionEmbeddingType, p != "absolute" {
            throw EmbeddingsError.unsupportedModel(reason: "position_embedding_type '\(p)' (only 'absolute')")
        }
        guard config.hiddenSize > 0, config.numAttentionHeads > 0, config.hiddenSize % config.numAttentionHeads == 0 else {
            throw EmbeddingsError.unsupportedModel(
                reason: "hidden_size \(config.hiddenSize) is not a multiple of num_attention_heads \(config.numAttentionHeads)")
        }
        return config
    }
}

/// How token vectors become one sentence vector (sentence-transformers `1_Pooling/config.json`).
public enum PoolingMode: String, Sendable, Hashable, Codable {
    case mean
    case cls
}

/// The sentence-transformers wrapping of the encoder: sequence length, pooling, normalisation
/// and optional query/document prefixes (e5 and bge models want "query: " and the like).
public struct SentenceEmbeddingConfiguration: Sendable, Hashable, Codable {
    /// Maximum tokens per input including [CLS] and [SEP] (`sentence_bert_config.json`).
    public var maxSequenceLength: Int
    public var pooling: PoolingMode
    /// Whether `modules.json` ends with a Normalize module.
    public var normalize: Bool
    /// Prepended to texts embedded with `EmbeddingRole.query`.
    public var queryPrefix: String
    /// Prepended to texts embedded with `EmbeddingRole.document`.
    public var documentPrefix: String

    public init(maxSequenceLength: Int = 256, pooling: PoolingMode = .mean, normalize: Bool = true,
                queryPrefix: String = "", documentPrefix: String = "") {
        self.maxSequenceLength = maxSequenceLength
        self.pooling = pooling
        self.normalize = normalize
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
    }

    /// Reads the sentence-transformers files in `directory`; each missing file keeps its default
    /// (256 tokens, mean pooling, normalised, no prefixes). Prefixes come from the `prompts` of
    /// `config_sentence_transformers.json` ("query", and "document" or "passage").
    public static func load(from directory: URL) throws -> SentenceEmbeddingConfiguration {
        var config = SentenceEmbeddingConfiguration()
        let fm = FileManager.default

        struct SBERT: Decodable { var max_seq_length: Int? }
        let sbert = directory.appendingPathComponent("sentence_bert_config.json")
        if fm.fileExists(atPath: sbert.path) {
            let value: SBERT = try ModelFiles.decodeJSON(sbert)
            if let n = value.max_seq_length { config.maxSequenceLength = n }
        }

        struct Module: Decodable { var type: String?; var path: String? }
        let modules = directory.appendingPathComponent("modules.json")
        var poolingPath = "1_Pooling"
        if fm.fileExists(atPath: modules.path) {
            let list: [Module] = try ModelFiles.decodeJSON(modules)
            config.normalize = list.contains { ($0.type ?? "").hasSuffix("Normalize") }
            if let p = list.first(where: { ($0.type ?? "").hasSuffix("Pooling") })?.path, !p.isEmpty { poolingPath = p }
        }

        struct Pooling: Decodable {
            var pooling_mode_cls_token: Bool?
            var pooling_mode_mean_tokens: Bool?
            var pooling_mode_max_tokens: Bool?
            var pooling_mode_mean_sqrt_len_tokens: Bool?
        }
        let pooling = directory.appendingPathComponent(poolingPath).appendingPathComponent("config.json")
        if fm.fileExists(atPath: pooling.path) {
            let p: Pooling = try ModelFiles.decodeJSON(pooling)
            if p.pooling_mode_max_tokens == true || p.pooling_mode_mean_sqrt_len_tokens == true {
                throw EmbeddingsError.unsupportedModel(reason: "max or mean-sqrt-len pooling in '\(pooling.path)' (only mean or CLS)")
            }
            if p.pooling_mode_cls_token == true, p.pooling_mode_mean_tokens == true {
                throw EmbeddingsError.unsupportedModel(reason: "both CLS and mean pooling in '\(pooling.path)'")
            }
            config.pooling = p.pooling_mode_cls_token == true ? .cls : .mean
        }

        struct STConfig: Decodable { var prompts: [String: String]? }
        let st = directory.appendingPathComponent("config_sentence_transformers.json")
        if fm.fileExists(atPath: st.path), let prompts = (try? ModelFiles.decodeJSON(st) as STConfig)?.prompts {
            config.queryPrefix = prompts["query"] ?? ""
            config.documentPrefix = prompts["document"] ?? prompts["passage"] ?? ""
        }
        return config
    }
}

/// File-reading helpers shared by the configuration loaders.
enum ModelFiles {
    static func decodeJSON<T: Decodable>(_ url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbeddingsError.invalidModelFile(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw EmbeddingsError.invalidModelFile(path: url.path, reason: "unexpected JSON (\(error))")
        }
    }

    /// Throws the "run fetch-model" error when `name` is missing in `directory`.
    static func require(_ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EmbeddingsError.modelNotFound(directory: directory.path, missingFile: name)
        }
        return url
    }
}
