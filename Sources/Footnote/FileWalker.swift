import Foundation

/// A file found under the paths given to `add` or `sync`.
struct FileCandidate: Sendable {
    /// The path as a `FileSystemPath` string (lossless for names that are not UTF-8).
    let path: String
    let size: Int64
    let mtime: Double
    /// Groups from the nearest `.footnoteaccess` file above it (empty: none).
    var accessGroups: [String] = []
}

/// Something the walker passed over, with the reason; `isFailure` marks bad input (exit status 1).
public struct SkippedPath: Sendable, Hashable, Codable {
    public let path: String
    public let reason: String
    public let isFailure: Bool
}

/// Walks files and folders: honours `.footnoteignore` and excludes, leaves out hidden entries,
/// follows symbolic links that stay inside the root, and reports links that leave it, loop or dangle.
/// Names are read as bytes (`readdir`) and kept as `FileSystemPath` strings; nothing is opened except
/// the control files, which are read without blocking (`RegularFile`). FIFOs, sockets and devices are
/// reported as failures, never opened. A folder whose `.footnoteignore` or `.footnoteaccess` exists but
/// cannot be read is left out and reported: indexing it without its rules could expose what they hide.
struct FileWalker {
    let excludes: [String]
    let followExternalSymlinks: Bool

    /// Every file under `paths`, plus what was skipped and why.
    func walk(_ paths: [String]) -> (files: [FileCandidate], skipped: [SkippedPath], roots: [String]) {
        var files: [FileCandidate] = []
        var skipped: [SkippedPath] = []
        var roots: [String] = []
        for given in paths {
            let absolute = Self.absolute(given)
            guard let root = FileEntry.realPath(absolute) else {
                skipped.append(SkippedPath(path: given, reason: "no such file or folder", isFailure: true))
                continue
            }
            roots.append(root)
            guard let info = FileEntry.status(root, followLinks: true) else {
                skipped.append(SkippedPath(path: root, reason: "cannot stat: \(FileEntry.lastError())", isFailure: true))
                continue
            }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            let groups: [String]
            switch Self.accessGroups(above: isDirectory ? root : (root as NSString).deletingLastPathComponent) {
            case let .lines(lines): groups = lines
            case .absent: groups = []
            case let .unreadable(path, reason):
                skipped.append(SkippedPath(path: path, reason: "cannot read access groups (\(reason)); '\(root)' is left out", isFailure: true))
                continue
            }
            if isDirectory {
                var rules = IgnoreRules()
                rules.add(lines: excludes, base: root)
                visit(folder: root, root: root, rules: rules, groups: groups, ancestors: [root], files: &files, skipped: &skipped)
            } else if let kind = RegularFile.specialKind(info.st_mode) {
                skipped.append(SkippedPath(path: root, reason: "not a regular file: \(kind)", isFailure: true))
            } else {
                files.append(FileCandidate(path: root, size: Int64(info.st_size), mtime: FileEntry.mtime(info), accessGroups: groups))
            }
        }
        return (files, skipped, roots)
    }

    private func visit(
        folder: String, root: String, rules inherited: IgnoreRules, groups inheritedGroups: [String], ancestors: Set<String>,
        files: inout [FileCandidate], skipped: inout [SkippedPath]
    ) {
        var rules = inherited
        var groups = inheritedGroups
        switch ControlFile.read(IgnoreRules.fileName, in: folder) {
        case .absent: break
        case let .lines(lines): rules.add(lines: lines, base: folder)
        case let .unreadable(path, reason):
            skipped.append(Self.leftOut(folder: folder, controlFile: path, reason: reason))
            return
        }
        switch ControlFile.read(Self.accessFileName, in: folder) {
        case .absent: break
        case let .lines(lines): groups = Self.groups(lines)
        case let .unreadable(path, reason):
            skipped.append(Self.leftOut(folder: folder, controlFile: path, reason: reason))
            return
        }
        let names: [String]
        switch FileEntry.names(in: folder) {
        case let .names(found): names = found
        case let .unreadable(reason):
            skipped.append(SkippedPath(path: folder, reason: "cannot read folder: \(reason)", isFailure: true))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            guard var info = FileEntry.status(path, followLinks: false) else {
                skipped.append(SkippedPath(path: path, reason: "cannot stat: \(FileEntry.lastError())", isFailure: true))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard let resolved = FileEntry.realPath(path), let target = FileEntry.status(resolved, followLinks: true) else {
                    skipped.append(SkippedPath(path: path, reason: "broken symbolic link", isFailure: true))
                    continue
                }
                info = target
                if (info.st_mode & S_IFMT) == S_IFDIR, ancestors.contains(resolved) {
                    skipped.append(SkippedPath(path: path, reason: "symbolic link loop (points back to '\(resolved)')", isFailure: true))
                    continue
                }
                // A link to something inside the root is visited at its real place; walking it here too
                // would index the same file twice.
                if resolved == root || resolved.hasPrefix(root + "/") { continue }
                if !followExternalSymlinks {
                    skipped.append(SkippedPath(
                        path: path, reason: "symbolic link leaves '\(root)' (pass --follow-symlinks to follow it)",
                        isFailure: false))
                    continue
                }
            }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            if rules.isIgnored(path, isDirectory: isDirectory) { continue }
            if isDirectory {
                let real = FileEntry.realPath(path) ?? path
                if ancestors.contains(real) {
                    skipped.append(SkippedPath(path: path, reason: "symbolic link loop (points back to '\(real)')", isFailure: true))
                    continue
                }
                visit(folder: path, root: root, rules: rules, groups: groups, ancestors: ancestors.union([real]),
                      files: &files, skipped: &skipped)
            } else if let kind = RegularFile.specialKind(info.st_mode) {
                skipped.append(SkippedPath(path: path, reason: "not a regular file: \(kind)", isFailure: true))
            } else {
                files.append(FileCandidate(path: path, size: Int64(info.st_size), mtime: FileEntry.mtime(info), accessGroups: groups))
            }
        }
    }

    static let accessFileName = ".footnoteaccess"

    /// Group names of a `.footnoteaccess` file: one per line, `#` comments, sorted.
    static func groups(_ lines: [String]) -> [String] {
        lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }.sorted()
    }

    /// Groups of the nearest `.footnoteaccess` in `folder` or the folders above it, or the one that cannot be read.
    static func accessGroups(above folder: String) -> ControlFile {
        var current = folder
        while true {
            switch ControlFile.read(accessFileName, in: current) {
            case .absent: break
            case let .lines(lines): return .lines(groups(lines))
            case let .unreadable(path, reason): return .unreadable(path: path, reason: reason)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return .absent }
            current = parent
        }
    }

    private static func leftOut(folder: String, controlFile: String, reason: String) -> SkippedPath {
        SkippedPath(path: controlFile, reason: "cannot read it (\(reason)); its folder is left out", isFailure: true)
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
