import Foundation

/// System calls on `FileSystemPath` strings: directory listing by bytes, status, real path.
enum FileEntry {
    /// The names in `folder` (without `.` and `..`), sorted, read as bytes so that no name is mangled.
    static func names(in folder: String) -> Listing {
        guard let directory = FileSystemPath.withCString(folder, { opendir($0) }) else { return .unreadable(lastError()) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            var raw = entry.pointee.d_name
            let name = withUnsafeBytes(of: &raw) { bytes in
                FileSystemPath.string(fromBytes: bytes[..<(bytes.firstIndex(of: 0) ?? bytes.count)])
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .names(names.sorted())
    }

    /// `stat` (following links) or `lstat` of `path`; nil on error (see `lastError`).
    static func status(_ path: String, followLinks: Bool) -> stat? {
        var info = stat()
        let code = FileSystemPath.withCString(path) { followLinks ? stat($0, &info) : lstat($0, &info) }
        return code == 0 ? info : nil
    }

    /// Whether something is at `path`: with `followLinks`, a dangling link counts as nothing.
    static func exists(_ path: String, followLinks: Bool) -> Bool {
        status(path, followLinks: followLinks) != nil
    }

    /// The canonical absolute path, with links resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = FileSystemPath.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return FileSystemPath.string(fromBytes: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    static func mtime(_ info: stat) -> Double {
        Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// The message of the current `errno`.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// The names in a folder, or why it could not be listed.
enum Listing {
    case names([String])
    case unreadable(String)
}

/// A control file in a folder (`.footnoteignore`, `.footnoteaccess`): absent, its lines, or why it could not be read.
enum ControlFile {
    case absent
    case lines([String])
    case unreadable(path: String, reason: String)

    /// Control files are small; a larger one is refused rather than read.
    static let limit = 1 << 20

    /// Reads `folder/name` without blocking (a FIFO or device is refused) and decodes it as UTF-8.
    static func read(_ name: String, in folder: String) -> ControlFile {
        let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
        guard FileEntry.exists(path, followLinks: false) else { return .absent }
        switch RegularFile.contents(of: path, limit: limit) {
        case let .unreadable(reason):
            return .unreadable(path: path, reason: reason)
        case let .data(data):
            guard let text = String(data: data, encoding: .utf8) else { return .unreadable(path: path, reason: "not UTF-8") }
            return .lines(text.components(separatedBy: .newlines))
        }
    }
}
