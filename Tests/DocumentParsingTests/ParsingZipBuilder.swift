import Foundation
import ZIPFoundation

/// Builds small ZIP containers (DOCX, EPUB, zip bombs) in memory for tests.
enum ParsingZipBuilder {
    /// A ZIP holding `entries` (path → contents), deflated unless `stored`.
    static func zip(_ entries: [(String, Data)], stored: Set<String> = []) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: stored.contains(path) ? .none : .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// A ZIP with one entry `path` of `size` zero bytes, streamed so memory stays small.
    static func zeros(path: String, size: Int) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let block = Data(count: 1 << 20)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { _, chunk in
            block.prefix(chunk)
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// `data` with every header's uncompressed size for the entry `path` rewritten to `size`
    /// (a lying zip bomb).
    static func understatingSizes(of path: String, in data: Data, as size: UInt32) -> Data {
        var bytes = [UInt8](data)
        let name = [UInt8](path.utf8)
        func patch(at offset: Int) {
            withUnsafeBytes(of: size.littleEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
        }
        var index = 0
        while index + 46 < bytes.count {
            if bytes[index..<index + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04]),
               bytes[(index + 30)...].starts(with: name)
            {
                patch(at: index + 22)
            }
            if bytes[index..<index + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]),
               bytes[(index + 46)...].starts(with: name)
            {
                patch(at: index + 24)
            }
            index += 1
        }
        return Data(bytes)
    }
}

/// WordprocessingML parts for synthetic DOCX files.
enum ParsingDOCXParts {
    static let namespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    static func document(_ body: String) -> Data {
        Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \(namespace)><w:body>\(body)</w:body></w:document>".utf8)
    }

    static func paragraph(_ text: String, style: String? = nil) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)<w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }
}
