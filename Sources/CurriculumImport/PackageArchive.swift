import CArchive
import Foundation

/// The few files planner needs from a course package (an `.imscc` zip, an `.mbz` gzip'd tar or zip), read
/// into memory by libarchive without unpacking anything to disk.
enum PackageArchive {
    /// The files read from a package are small (a manifest, a course's description); a larger one is refused.
    static let maximumEntrySize = 64 << 20

    /// Whether the file starts like a zip or a gzip stream (what course packages are).
    static func looksLikeArchive(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return looksLikeArchive(head: (try? handle.read(upToCount: 4)) ?? Data())
    }

    /// Whether bytes start like a zip or a gzip stream.
    static func looksLikeArchive(head: Data) -> Bool {
        head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x1F, 0x8B])
    }

    /// What went wrong reading a package.
    struct Failure: Error {
        var message: String
    }

    /// The contents of the entries named in `wanted` (paths inside the package, `./` ignored) that the
    /// package holds.
    static func entries(of url: URL, named wanted: Set<String>) throws(Failure) -> [String: Data] {
        guard let archive = archive_read_new() else { throw Failure(message: "libarchive could not start") }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_zip(archive)
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, url.path, 64 << 10) == ARCHIVE_OK else {
            throw Failure(message: "not a readable zip or tar package: \(errorText(archive))")
        }
        var found: [String: Data] = [:]
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw Failure(message: "the package is damaged: \(errorText(archive))")
            }
            var name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            while name.hasPrefix("./") { name.removeFirst(2) }
            guard wanted.contains(name) else {
                archive_read_data_skip(archive)
                continue
            }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw Failure(message: "cannot read \(name): \(errorText(archive))") }
                data.append(contentsOf: buffer[0..<count])
                guard data.count <= maximumEntrySize else {
                    throw Failure(message: "\(name) is larger than \(maximumEntrySize >> 20) MB; refused")
                }
            }
            found[name] = data
            if found.count == wanted.count { break }
        }
        return found
    }

    private static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
