import CCairo
import CQREncode
public import Foundation

/// A page size in PostScript points (1/72 inch).
public struct PageSize: Hashable, Sendable {
    /// Width in points.
    public var width: Double
    /// Height in points.
    public var height: Double

    /// Creates a size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A4 portrait, 210 × 297 mm.
    public static let a4Portrait = PageSize(width: 595.276, height: 841.89)
    /// A4 landscape, 297 × 210 mm.
    public static let a4Landscape = PageSize(width: 841.89, height: 595.276)
}

/// How a piece of text looks.
public struct TextStyle: Hashable, Sendable {
    /// Horizontal alignment inside the text's box.
    public enum Alignment: Hashable, Sendable {
        /// Flush left.
        case left
        /// Centred.
        case center
        /// Flush right.
        case right
    }

    /// Font family; DejaVu covers Latin, Greek and Cyrillic.
    public var family: String
    /// Size in points.
    public var size: Double
    /// Bold weight.
    public var bold: Bool
    /// Italic.
    public var italic: Bool
    /// Alignment.
    public var alignment: Alignment
    /// Grey level of the text, 0 black … 1 white.
    public var grey: Double

    /// Creates a style.
    public init(
        family: String = "DejaVu Sans", size: Double = 10, bold: Bool = false, italic: Bool = false,
        alignment: Alignment = .left, grey: Double = 0
    ) {
        self.family = family
        self.size = size
        self.bold = bold
        self.italic = italic
        self.alignment = alignment
        self.grey = grey
    }
}

/// One thing drawn on a page. Coordinates are points from the top-left corner.
public enum PageElement: Hashable, Sendable {
    /// Text wrapped in a box `width` wide, its top at `y`.
    case text(String, x: Double, y: Double, width: Double, style: TextStyle)
    /// A straight line.
    case line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double)
    /// A rectangle outline, or filled with a grey level.
    case rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double, fillGrey: Double?)
    /// A QR code of `text` (error correction M), `size` points wide, with its quiet zone inside.
    case qrCode(String, x: Double, y: Double, size: Double)
}

/// A page: what to draw on it.
public struct Page: Hashable, Sendable {
    /// The elements, drawn in order.
    public var elements: [PageElement]

    /// Creates a page.
    public init(_ elements: [PageElement] = []) { self.elements = elements }

    /// Adds an element.
    public mutating func add(_ element: PageElement) { elements.append(element) }
}

/// Why a document could not be produced.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// Metadata written into the PDF's information dictionary.
public struct DocumentInfo: Hashable, Sendable {
    /// Title.
    public var title: String
    /// Author or issuing organisation.
    public var author: String
    /// Creation date written into the PDF (injected for reproducible output).
    public var created: Date?

    /// Creates metadata.
    public init(title: String, author: String, created: Date? = nil) {
        self.title = title
        self.author = author
        self.created = created
    }
}

/// Renders pages into a PDF file with cairo and pango: fonts are subset and embedded.
public func renderPDF(_ pages: [Page], size: PageSize, info: DocumentInfo, to url: URL) throws {
    guard let surface = cairo_pdf_surface_create(url.path, size.width, size.height) else {
        throw DocumentError(description: "cannot create \(url.path)")
    }
    defer { cairo_surface_destroy(surface) }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, info.author)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "TrainingPlanner")
    if let created = info.created {
        let stamp = ISO8601DateFormatter().string(from: created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp)
    }
    guard let context = cairo_create(surface) else { throw DocumentError(description: "cannot draw on \(url.path)") }
    defer { cairo_destroy(context) }
    for page in pages {
        for element in page.elements { try draw(element, on: context) }
        cairo_show_page(context)
    }
    cairo_surface_finish(surface)
    let status = cairo_surface_status(surface)
    guard status == CAIRO_STATUS_SUCCESS else {
        throw DocumentError(description: "cannot write \(url.path): \(String(cString: cairo_status_to_string(status)))")
    }
}

/// The height a text takes when wrapped to `width` in `style`, in points (for laying out tables).
public func measureText(_ text: String, width: Double, style: TextStyle) -> Double {
    guard let surface = cairo_pdf_surface_create(nil as UnsafePointer<CChar>?, 10, 10) else { return 0 }
    defer { cairo_surface_destroy(surface) }
    guard let context = cairo_create(surface) else { return 0 }
    defer { cairo_destroy(context) }
    let layout = makeLayout(text, width: width, style: style, context: context)
    defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
    var w: Int32 = 0
    var h: Int32 = 0
    pango_layout_get_size(layout, &w, &h)
    return Double(h) / Double(PANGO_SCALE)
}

private func makeLayout(_ text: String, width: Double, style: TextStyle, context: OpaquePointer) -> OpaquePointer {
    let layout = pango_cairo_create_layout(context)!
    let font = pango_font_description_new()
    pango_font_description_set_family(font, style.family)
    pango_font_description_set_absolute_size(font, style.size * Double(PANGO_SCALE))
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
    pango_layout_set_font_description(layout, font)
    pango_font_description_free(font)
    pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
    switch style.alignment {
    case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
    case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
    case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
    }
    pango_layout_set_text(layout, text, -1)
    return layout
}

private func draw(_ element: PageElement, on context: OpaquePointer) throws {
    switch element {
    case .text(let text, let x, let y, let width, let style):
        let layout = makeLayout(text, width: width, style: style, context: context)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        cairo_set_source_rgb(context, style.grey, style.grey, style.grey)
        cairo_move_to(context, x, y)
        pango_cairo_show_layout(context, layout)
    case .line(let x1, let y1, let x2, let y2, let width):
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, width)
        cairo_move_to(context, x1, y1)
        cairo_line_to(context, x2, y2)
        cairo_stroke(context)
    case .rectangle(let x, let y, let width, let height, let lineWidth, let fillGrey):
        cairo_rectangle(context, x, y, width, height)
        if let fillGrey {
            cairo_set_source_rgb(context, fillGrey, fillGrey, fillGrey)
            cairo_fill_preserve(context)
        }
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, lineWidth)
        if lineWidth > 0 { cairo_stroke(context) } else { cairo_new_path(context) }
    case .qrCode(let text, let x, let y, let size):
        let modules = try QRMatrix(encoding: text)
        let quiet = 4
        let cell = size / Double(modules.size + 2 * quiet)
        cairo_set_source_rgb(context, 0, 0, 0)
        for row in 0..<modules.size {
            for column in 0..<modules.size where modules[row, column] {
                cairo_rectangle(
                    context, x + Double(column + quiet) * cell, y + Double(row + quiet) * cell, cell, cell)
            }
        }
        cairo_fill(context)
    }
}

/// The dark and light modules of a QR code, from libqrencode.
public struct QRMatrix: Sendable, Hashable {
    /// Modules per side.
    public let size: Int
    private let dark: [Bool]

    /// Encodes `text` as UTF-8 bytes, error correction level M.
    public init(encoding text: String) throws {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw DocumentError(description: "cannot encode a QR code for '\(text)' (too long?)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        dark = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// Whether the module at `row`, `column` is dark.
    public subscript(row: Int, column: Int) -> Bool { dark[row * size + column] }
}
