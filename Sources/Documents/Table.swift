import Foundation

/// A column of a table document.
public struct TableColumn: Hashable, Sendable {
    /// Header text.
    public var title: String
    /// Share of the table's width (the shares are normalised).
    public var width: Double

    /// Creates a column.
    public init(_ title: String, width: Double) {
        self.title = title
        self.width = width
    }
}

/// A titled table laid out over as many pages as it needs, with the header repeated on every page,
/// wrapped cells, and "page x of y" in the footer.
public struct TableDocument: Sendable {
    /// Big title on every page.
    public var title: String
    /// Lines under the title.
    public var subtitle: [String]
    /// Columns.
    public var columns: [TableColumn]
    /// Rows of cells (one string per column).
    public var rows: [[String]]
    /// Footer text left of the page number.
    public var footer: String
    /// Page size.
    public var size: PageSize

    /// Creates a table document.
    public init(
        title: String, subtitle: [String] = [], columns: [TableColumn], rows: [[String]], footer: String = "",
        size: PageSize = .a4Landscape
    ) {
        self.title = title
        self.subtitle = subtitle
        self.columns = columns
        self.rows = rows
        self.footer = footer
        self.size = size
    }

    /// Lays the table out into pages.
    public func pages() -> [Page] {
        let margin = 36.0
        let width = size.width - 2 * margin
        let total = columns.map(\.width).reduce(0, +)
        let widths = columns.map { $0.width / max(total, 0.0001) * width }
        let cell = TextStyle(size: 9)
        let head = TextStyle(size: 9, bold: true)
        let padding = 3.0
        func header(on page: inout Page) -> Double {
            var y = margin
            page.add(.text(title, x: margin, y: y, width: width, style: TextStyle(size: 16, bold: true)))
            y += 24
            for line in subtitle {
                page.add(.text(line, x: margin, y: y, width: width, style: TextStyle(size: 10)))
                y += measureText(line, width: width, style: TextStyle(size: 10)) + 2
            }
            y += 6
            let height =
                columns.enumerated().map { measureText($1.title, width: widths[$0] - 2 * padding, style: head) }
                .max() ?? 12
            var x = margin
            for (index, column) in columns.enumerated() {
                page.add(
                    .rectangle(
                        x: x, y: y, width: widths[index], height: height + 2 * padding, lineWidth: 0.5, fillGrey: 0.88))
                page.add(
                    .text(column.title, x: x + padding, y: y + padding, width: widths[index] - 2 * padding, style: head)
                )
                x += widths[index]
            }
            return y + height + 2 * padding
        }
        var pages: [Page] = []
        var page = Page()
        var y = header(on: &page)
        let bottom = size.height - margin - 20
        for row in rows {
            let height =
                row.enumerated().map { index, text in
                    index < widths.count ? measureText(text, width: widths[index] - 2 * padding, style: cell) : 0
                }.max() ?? 12
            if y + height + 2 * padding > bottom {
                pages.append(page)
                page = Page()
                y = header(on: &page)
            }
            var x = margin
            for index in columns.indices {
                page.add(
                    .rectangle(
                        x: x, y: y, width: widths[index], height: height + 2 * padding, lineWidth: 0.5, fillGrey: nil))
                let text = index < row.count ? row[index] : ""
                page.add(.text(text, x: x + padding, y: y + padding, width: widths[index] - 2 * padding, style: cell))
                x += widths[index]
            }
            y += height + 2 * padding
        }
        pages.append(page)
        let count = pages.count
        for index in pages.indices {
            pages[index].add(
                .text(
                    footer, x: margin, y: size.height - margin - 10, width: width * 0.7,
                    style: TextStyle(size: 8, grey: 0.3)))
            pages[index].add(
                .text(
                    "page \(index + 1) of \(count)", x: margin, y: size.height - margin - 10, width: width,
                    style: TextStyle(size: 8, alignment: .right, grey: 0.3)))
        }
        return pages
    }
}
