import Documents
import Foundation
import Testing

/// Runs a command-line tool and returns its standard output.
func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite struct DocumentsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    @Test func namesInEuropeanScriptsRenderWithEmbeddedFontsAndExtractAgain() throws {
        let names = ["Agnieszka Wróblewska-Łódź", "Åsa Öberg", "Ελένη Παπαδοπούλου", "Анна Ковальчук"]
        var page = Page()
        for (index, name) in names.enumerated() {
            page.add(.text(name, x: 40, y: 40 + Double(index) * 30, width: 500, style: TextStyle(size: 14)))
        }
        let url = folder.appendingPathComponent("names.pdf")
        try renderPDF([page], size: .a4Portrait, info: DocumentInfo(title: "Names", author: "test"), to: url)
        let text = try tool("pdftotext", ["-enc", "UTF-8", url.path, "-"]).output
        for name in names { #expect(text.contains(name), "pdftotext finds \(name)") }
        let fonts = try tool("pdffonts", [url.path]).output
        let fontLines = fonts.split(separator: "\n").dropFirst(2)
        #expect(!fontLines.isEmpty)
        // Columns: name type encoding emb sub uni — every font embedded.
        #expect(fontLines.allSatisfy { $0.contains(" yes yes ") })
    }

    @Test func aQRCodeDecodesToExactlyItsText() throws {
        let content = "https://verify.example.org/c/7KQ2M-X9FHD-3RTWP"
        let url = folder.appendingPathComponent("qr.pdf")
        try renderPDF(
            [Page([.qrCode(content, x: 100, y: 100, size: 200)])], size: .a4Portrait,
            info: DocumentInfo(title: "QR", author: "test"), to: url)
        let image = folder.appendingPathComponent("qr").path
        #expect(try tool("pdftoppm", ["-r", "150", "-png", "-singlefile", url.path, image]).status == 0)
        let decoded = try tool("zbarimg", ["--raw", "-q", image + ".png"])
        #expect(decoded.status == 0)
        #expect(decoded.output.trimmingCharacters(in: .whitespacesAndNewlines) == content)
    }

    @Test func longTablesRunOverPagesWithTheirHeaderAndPageNumbers() throws {
        let rows = (1...120).map { ["Row \($0)", "Café Łódź \($0)"] }
        let document = TableDocument(
            title: "Register", columns: [TableColumn("Number", width: 1), TableColumn("Place", width: 2)], rows: rows)
        let pages = document.pages()
        #expect(pages.count >= 3)
        let url = folder.appendingPathComponent("table.pdf")
        try renderPDF(pages, size: document.size, info: DocumentInfo(title: "Register", author: "test"), to: url)
        let text = try tool("pdftotext", ["-enc", "UTF-8", url.path, "-"]).output
        #expect(text.contains("Row 120"))
        #expect(text.contains("page \(pages.count) of \(pages.count)"))
        #expect(text.components(separatedBy: "Number").count - 1 == pages.count, "header on every page")
    }
}
