import Embeddings

/// `footnote bench embed`'s measurement: the native encoder's throughput per chunk length beside single-core
/// sgemm in the same run. It lives with the encoder (it needs its linear-layer shapes); the evaluation
/// target names it for the command line, which links no engine.
public typealias EmbeddingBenchmark = Embeddings.EmbeddingBenchmark
