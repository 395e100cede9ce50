public import Documents
import Foundation
public import PlannerCore

/// A paper sign-in sheet for one session, laid out as auditors expect (A4 landscape): funder statement,
/// organiser, seminar, session n of N, date and planned times, venue, trainer; participants sorted by
/// family name with a signature column; blank rows for walk-ins; totals, the trainer's declaration,
/// page x of y, and a code (printed and as a QR code) linking the paper to the digital record.
/// No monitoring or special-category data ever appear on it.
public struct SignInSheet: Sendable {
    /// Who organises the training.
    public var organiser: String
    /// "Co-funded by the European Union" where EU money pays.
    public var fundingStatement: String?
    /// Programme (curriculum) title.
    public var programme: String
    /// Seminar (module) title.
    public var seminar: String
    /// Which session.
    public var session: SessionKey
    /// Sessions of the cohort.
    public var sessionCount: Int
    /// Local date.
    public var date: LocalDate
    /// Planned times.
    public var start: TimeOfDay
    public var end: TimeOfDay
    /// Venue name and address.
    public var venue: String
    /// Trainer name.
    public var trainer: String
    /// Registered participants: family name, given name, organisation.
    public var participants: [(familyName: String, givenName: String, organisation: String)]
    /// Code linking the sheet to the session.
    public var code: String

    /// Creates a sheet.
    public init(
        organiser: String, fundingStatement: String?, programme: String, seminar: String, session: SessionKey,
        sessionCount: Int, date: LocalDate, start: TimeOfDay, end: TimeOfDay, venue: String, trainer: String,
        participants: [(familyName: String, givenName: String, organisation: String)], code: String
    ) {
        self.organiser = organiser
        self.fundingStatement = fundingStatement
        self.programme = programme
        self.seminar = seminar
        self.session = session
        self.sessionCount = sessionCount
        self.date = date
        self.start = start
        self.end = end
        self.venue = venue
        self.trainer = trainer
        self.participants = participants
        self.code = code
    }

    /// Blank rows for walk-ins: 15 % of the registered, at least 3.
    public var blankRows: Int { max(3, (participants.count * 15 + 99) / 100) }

    /// The half-day the session falls in, naming the signature column.
    var halfDay: String {
        start.hour < 12 ? "Signature (morning)" : start.hour < 18 ? "Signature (afternoon)" : "Signature (evening)"
    }

    /// The sheet's pages.
    public func pages() -> [Page] {
        let size = PageSize.a4Landscape
        let margin = 30.0
        let width = size.width - 2 * margin
        let rowHeight = 24.0  // ≥ 8 mm
        let sorted = participants.sorted(by: byName)
        let rows: [[String]] =
            sorted.enumerated().map { index, person in
                [String(index + 1), person.familyName, person.givenName, person.organisation, "", ""]
            } + (0..<blankRows).map { index in [String(sorted.count + index + 1), "", "", "", "", ""] }
        let columns: [(String, Double)] = [
            ("No.", 0.05), ("Family name", 0.18), ("Given name", 0.15), ("Organisation", 0.22), (halfDay, 0.25),
            ("Notes", 0.15),
        ]
        let minutes = end.minutes - start.minutes
        let hours = String(format: "%d h %02d", minutes / 60, minutes % 60)
        var pages: [Page] = []
        var index = 0
        let headerBottom = 150.0
        let footerTop = size.height - margin - 92
        let perPage = max(1, Int((footerTop - headerBottom - rowHeight) / rowHeight))
        repeat {
            var page = Page()
            var y = margin
            if let fundingStatement {
                page.add(.rectangle(x: margin, y: y, width: width, height: 18, lineWidth: 0, fillGrey: 0.9))
                page.add(
                    .text(
                        fundingStatement, x: margin + 4, y: y + 3, width: width - 8,
                        style: TextStyle(size: 10, bold: true)))
                y += 24
            }
            page.add(
                .text(
                    "Sign-in sheet — \(organiser)", x: margin, y: y, width: width * 0.7,
                    style: TextStyle(size: 15, bold: true)))
            page.add(
                .text(
                    "Sheet code \(code)", x: margin, y: y + 2, width: width - 66,
                    style: TextStyle(size: 9, alignment: .right)))
            page.add(.qrCode(code, x: size.width - margin - 60, y: y - 6, size: 60))
            y += 22
            let details = [
                "Programme: \(programme)",
                "Seminar: \(seminar) — session \(session.index) of \(sessionCount) (\(session.cohort.label))",
                "Date: \(date)   Planned: \(start)–\(end) (\(hours))", "Venue: \(venue)", "Trainer: \(trainer)",
            ]
            for line in details {
                page.add(.text(line, x: margin, y: y, width: width - 80, style: TextStyle(size: 10)))
                y += 14
            }
            y = max(y + 6, headerBottom)
            // Table header.
            var x = margin
            for (title, share) in columns {
                page.add(
                    .rectangle(x: x, y: y, width: share * width, height: rowHeight, lineWidth: 0.6, fillGrey: 0.85))
                page.add(
                    .text(title, x: x + 3, y: y + 6, width: share * width - 6, style: TextStyle(size: 9, bold: true)))
                x += share * width
            }
            y += rowHeight
            for row in rows[index..<min(rows.count, index + perPage)] {
                x = margin
                for (column, (_, share)) in columns.enumerated() {
                    page.add(
                        .rectangle(x: x, y: y, width: share * width, height: rowHeight, lineWidth: 0.4, fillGrey: nil))
                    page.add(
                        .text(row[column], x: x + 3, y: y + 6, width: share * width - 6, style: TextStyle(size: 9)))
                    x += share * width
                }
                y += rowHeight
            }
            index += perPage
            pages.append(page)
        } while index < rows.count
        for number in pages.indices {
            var y = footerTop
            pages[number].add(
                .text(
                    "Registered: \(participants.count)    Present: ______    Walk-ins: ______    Total signatures: ______",
                    x: margin, y: y, width: width, style: TextStyle(size: 10)))
            y += 20
            pages[number].add(
                .text(
                    "Trainer's declaration: I certify that the persons who signed above attended this session for the times noted.",
                    x: margin, y: y, width: width * 0.62, style: TextStyle(size: 9)))
            pages[number].add(
                .text(
                    "Trainer's signature: ____________________", x: margin + width * 0.64, y: y, width: width * 0.36,
                    style: TextStyle(size: 10)))
            y += 34
            pages[number].add(.line(x1: margin, y1: y, x2: margin + width, y2: y, width: 0.4))
            pages[number].add(
                .text(
                    "\(organiser) — sheet \(code) — keep with the programme records", x: margin, y: y + 4,
                    width: width * 0.7,
                    style: TextStyle(size: 8, grey: 0.3)))
            pages[number].add(
                .text(
                    "page \(number + 1) of \(pages.count)", x: margin, y: y + 4, width: width,
                    style: TextStyle(size: 8, alignment: .right, grey: 0.3)))
        }
        return pages
    }
}

/// Orders people by family name, then given name, as a reader expects: case and accents do not
/// change the order (Öberg files with O), Latin before Greek before Cyrillic.
public func byName(
    _ a: (familyName: String, givenName: String, organisation: String),
    _ b: (familyName: String, givenName: String, organisation: String)
) -> Bool {
    let locale = Locale(identifier: "en")
    let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive]
    let family = a.familyName.compare(b.familyName, options: options, locale: locale)
    if family != .orderedSame { return family == .orderedAscending }
    return a.givenName.compare(b.givenName, options: options, locale: locale) == .orderedAscending
}
