public import Foundation

/// A file given to an import: where its bytes are, and the name diagnostics print (`venues.csv:3:2: …`).
///
/// The command line gives paths as typed; the web application saves an upload to a temporary file and
/// names it as the user's browser did.
public struct InputFile: Sendable, Hashable {
    /// Where the bytes are.
    public var url: URL
    /// The name messages use.
    public var name: String

    /// A file by its path, named as given.
    public init(path: String) {
        url = URL(fileURLWithPath: path)
        name = path
    }

    /// A file at `url`, named `name` in messages.
    public init(url: URL, name: String) {
        self.url = url
        self.name = name
    }
}

extension InputFile {
    /// Whether the path names a readable file (not a folder).
    var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
