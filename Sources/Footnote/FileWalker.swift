import Foundation

/// A file found under the paths given to `add` or `sync`.
struct FileCandidate: Sendable {
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
            guard let root = Self.realPath(absolute) else {
                skipped.append(SkippedPath(path: given, reason: "no such file or folder", isFailure: true))
                continue
            }
            roots.append(root)
            var rules = IgnoreRules()
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                rules.add(lines: excludes, base: root)
                visit(folder: root, root: root, rules: rules, groups: Self.accessGroups(above: root), ancestors: [root],
                      files: &files, skipped: &skipped)
            } else if var candidate = Self.candidate(root) {
                candidate.accessGroups = Self.accessGroups(above: (root as NSString).deletingLastPathComponent)
                files.append(candidate)
            }
        }
        return (files, skipped, roots)
    }

    private func visit(
        folder: String, root: String, rules inherited: IgnoreRules, groups inheritedGroups: [String], ancestors: Set<String>,
        files: inout [FileCandidate], skipped: inout [SkippedPath]
    ) {
        var rules = inherited
        rules.addIgnoreFile(in: folder)
        let groups = Self.readAccessFile(in: folder) ?? inheritedGroups
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            skipped.append(SkippedPath(path: folder, reason: "cannot read folder: \(error.localizedDescription)", isFailure: true))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0 else {
                skipped.append(SkippedPath(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))", isFailure: true))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard let resolved = Self.realPath(path), stat(resolved, &info) == 0 else {
                    skipped.append(SkippedPath(path: path, reason: "broken symbolic link", isFailure: true))
                    continue
                }
                if (info.st_mode & S_IFMT) == S_IFDIR, ancestors.contains(resolved) {
                    skipped.append(SkippedPath(path: path, reason: "symbolic link loop (points back to '\(resolved)')", isFailure: true))
                    continue
                }
                let inside = resolved == root || resolved.hasPrefix(root + "/")
                // A link to something inside the root is visited at its real place; walking it here too
                // would index the same file twice.
                if inside { continue }
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
                let real = Self.realPath(path) ?? path
                if ancestors.contains(real) {
                    skipped.append(SkippedPath(path: path, reason: "symbolic link loop (points back to '\(real)')", isFailure: true))
                    continue
                }
                visit(folder: path, root: root, rules: rules, groups: groups, ancestors: ancestors.union([real]),
                      files: &files, skipped: &skipped)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                files.append(FileCandidate(path: path, size: Int64(info.st_size), mtime: Self.mtime(info), accessGroups: groups))
            }
        }
    }

    /// Group names in `folder/.footnoteaccess` (one per line, `#` comments), or nil when there is none.
    static func readAccessFile(in folder: String) -> [String]? {
        let file = (folder as NSString).appendingPathComponent(".footnoteaccess")
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return text.components(separatedBy: .newlines)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .sorted()
    }

    /// Groups of the nearest `.footnoteaccess` in `folder` or the folders above it.
    static func accessGroups(above folder: String) -> [String] {
        var current = folder
        while true {
            if let groups = readAccessFile(in: current) { return groups }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return [] }
            current = parent
        }
    }

    static func candidate(_ path: String) -> FileCandidate? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileCandidate(path: path, size: Int64(info.st_size), mtime: mtime(info))
    }

    static func mtime(_ info: stat) -> Double {
        Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
