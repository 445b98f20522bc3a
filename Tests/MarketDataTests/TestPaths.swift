import Foundation

/// Paths used by the tests.
enum TestPaths {
    /// The repository root, from this file's path.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `../shared/data` next to the repository.
    static let sharedData = repoRoot.appendingPathComponent("../shared/data").standardizedFileURL

    /// A fresh temporary file path.
    static func temp(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }
}
