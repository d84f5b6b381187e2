import Foundation
import KnowledgeStore
import FootnoteCore

/// Bounds the memory of parallel parsing. Files are taken in walk order and cut into consecutive waves;
/// a wave is parsed in parallel and then written in order, so its whole estimated cost (the files being
/// parsed and the parsed results waiting for the writer) is held at once and must fit the budget. A file
/// estimated over the budget forms a wave alone. The write order stays the walk order.
enum ParseScheduler {
    /// At most this many files per wave, however small.
    static let maxFilesPerWave = 32

    /// The default budget: room for two files at the size limit parsed as plain text (8 × `maxFileBytes`,
    /// 400 MiB with the default 50 MiB limit), or one such HTML or PDF file; a ZIP container at the limit parses alone.
    static func defaultBudget(maxFileBytes: Int) -> Int64 {
        saturatingProduct(Int64(maxFileBytes), 8)
    }

    /// Consecutive index ranges covering `costs` in order: each range sums to at most `budget` and holds at
    /// most `maxFiles` entries, except a single entry costing more than `budget`, which is a range alone.
    static func waves(costs: [Int64], budget: Int64, maxFiles: Int = maxFilesPerWave) -> [Range<Int>] {
        var waves: [Range<Int>] = []
        var start = 0
        var total: Int64 = 0
        for (index, cost) in costs.enumerated() {
            let sum = total.addingReportingOverflow(cost)
            if index > start, sum.overflow || sum.partialValue > budget || index - start >= max(1, maxFiles) {
                waves.append(start..<index)
                start = index
                total = cost
            } else {
                total = sum.overflow ? .max : sum.partialValue
            }
        }
        if start < costs.count { waves.append(start..<costs.count) }
        return waves
    }

    /// The estimated peak bytes of reading and parsing `file`: 0 when it will not be read (unchanged size and
    /// modification time, or over the size limit), else its size times the expansion factor of its format.
    static func estimatedCost(_ file: FileCandidate, existing: DocumentRecord?, maxFileBytes: Int) -> Int64 {
        if let existing, existing.size == file.size, existing.mtime == file.mtime { return 0 }
        guard file.size <= maxFileBytes else { return 0 }
        return saturatingProduct(max(file.size, 0), expansionFactor(fileName: file.path))
    }

    /// How many times its size a file of this kind takes in memory while parsed (a deliberate over-estimate).
    /// Plain text and Markdown: the bytes, the decoded text, the canonical text and the chunks (4).
    /// HTML and XML: a libxml2 tree on top (8). PDF: pdftotext's output and pipes (8). DOCX, ODT, EPUB:
    /// compressed XML inflated, then its tree (16; decompression is capped by `maxDecompressedBytes` anyway).
    static func expansionFactor(fileName: String) -> Int64 {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "docx", "odt", "epub", "zip": return 16
        case "pdf", "html", "htm", "xhtml", "xml": return 8
        default: return 4
        }
    }

    private static func saturatingProduct(_ value: Int64, _ factor: Int64) -> Int64 {
        let product = value.multipliedReportingOverflow(by: factor)
        return product.overflow ? .max : product.partialValue
    }
}
