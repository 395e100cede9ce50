import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore
import PlannerServices

/// The files and fields of a `multipart/form-data` upload, read as the body streams in: each file goes
/// straight to a temporary folder (never whole in memory), and the whole upload is refused past a size
/// limit. The folder is removed with the value.
final class Upload {
    /// The files, in the order sent, named as the user's browser named them.
    private(set) var files: [InputFile] = []
    /// The plain fields (the form token).
    private(set) var fields: [String: String] = [:]
    let folder: URL

    /// Reads `request`'s body; at most `limit` bytes in all.
    init(_ request: Request, limit: Int) async throws {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
            let boundary = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: ["\""]),
            !boundary.isEmpty
        else { throw HTTPError(.badRequest, message: "send the files with the form (multipart/form-data)") }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var handle: FileHandle?
        var field: [UInt8] = []
        var failure: (any Error)?
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { [self] buffer in
            if handle == nil, failure == nil,
                let filename = Upload.parameter("filename", of: headers["content-disposition"])
            {
                let name = Upload.safeName(filename, index: files.count)
                let url = folder.appendingPathComponent(name)
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                handle = FileHandle(forWritingAtPath: url.path)
                files.append(
                    InputFile(url: url, name: filename.isEmpty ? name : (filename as NSString).lastPathComponent))
            }
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            if let handle {
                do { try handle.write(contentsOf: bytes) } catch { failure = error }
            } else if field.count + bytes.count <= 4096 {
                field += bytes
            }
        }
        parser.onPartComplete = { [self] in
            if let handle {
                try? handle.close()
            } else if let name = Upload.parameter("name", of: headers["content-disposition"]) {
                fields[name] = String(decoding: field, as: UTF8.self)
            }
            handle = nil
            field = []
            headers = [:]
        }
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= limit else {
                    throw HTTPError(.contentTooLarge, message: "the upload is over \(limit / 1_048_576) MB")
                }
                try parser.execute(chunk)
                if let failure { throw failure }
            }
        } catch {
            try? handle?.close()
            try? FileManager.default.removeItem(at: folder)
            throw error as? HTTPError ?? HTTPError(.badRequest, message: "the upload could not be read")
        }
        // Files sent with no content (no file chosen) are dropped.
        files.removeAll { ((try? FileManager.default.attributesOfItem(atPath: $0.url.path)[.size]) as? Int ?? 0) == 0 }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// `filename="venues.csv"` in a Content-Disposition header.
    static func parameter(_ name: String, of header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: ["\""])
            }
        }
        return nil
    }

    /// A name for the stored copy: the file's own (its last component, letters, digits, `.-_` only), so the
    /// importers that tell a file's kind by its name still can.
    static func safeName(_ filename: String, index: Int) -> String {
        let last = (filename as NSString).lastPathComponent
        let cleaned = String(
            last.unicodeScalars.map {
                CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0) ? Character($0) : "_"
            })
        return "\(index)-" + (cleaned.isEmpty || cleaned.hasPrefix(".") ? "file" : cleaned)
    }
}
