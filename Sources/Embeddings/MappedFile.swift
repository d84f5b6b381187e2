import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file, unmapped in deinit.
final class MappedFile: @unchecked Sendable {
    // Sendable: the mapping is read-only and lives unchanged until deinit.
    let url: URL
    let bytes: UnsafeRawBufferPointer

    init(url: URL) throws {
        self.url = url
        let path = url.path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "cannot stat (\(String(cString: strerror(errno))))")
        }
        let length = Int(st.st_size)
        guard length > 0 else {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "the file is empty")
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "mmap failed (\(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawBufferPointer(start: mapped, count: length)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
