import Foundation

/// Reads files without ever blocking on a FIFO or a device: the file is opened non-blocking and checked
/// with `fstat` on the open descriptor (so a file swapped for a FIFO after the walk is still caught).
enum RegularFile {
    /// The contents of a file, or why they could not be read.
    enum Contents {
        case data(Data)
        case unreadable(String)
    }

    /// Reads the regular file at `path` (a `FileSystemPath` string), refusing anything larger than `limit` bytes.
    static func contents(of path: String, limit: Int) -> Contents {
        let descriptor = FileSystemPath.withCString(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard descriptor >= 0 else { return .unreadable("cannot read: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unreadable("cannot stat: \(String(cString: strerror(errno)))") }
        if let kind = specialKind(info.st_mode) { return .unreadable("not a regular file: \(kind)") }
        guard info.st_size <= limit else {
            return .unreadable("the file is \(info.st_size) bytes, over the limit of \(limit) bytes (--max-file-size)")
        }
        var data = Data(count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == data.count {
                // The file grew since fstat: read on, up to one byte past the limit.
                guard data.count <= limit else {
                    return .unreadable("the file grew over the limit of \(limit) bytes (--max-file-size) while it was read")
                }
                data.count = min(limit + 1, max(data.count * 2, 4096))
            }
            let count = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable("cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            filled += count
        }
        data.count = filled
        return .data(data)
    }

    /// The kind of a file that is not a regular file or a folder ("FIFO", "socket", …), nil for those two.
    static func specialKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFLNK: return "symbolic link"
        default: return "unknown file type"
        }
    }
}
