public import Documents
import Foundation
public import PlannerCore

/// What a certificate of attendance says, laid out on an A4 landscape page.
public struct CertificateDocument: Sendable {
    /// Participant's full name as printed.
    public var participantName: String
    /// Seminar (module) title.
    public var seminar: String
    /// Programme (curriculum) title.
    public var programme: String
    /// First and last session.
    public var from: LocalDate
    public var to: LocalDate
    /// Minutes attended and planned.
    public var minutesAttended: Int
    public var minutesPlanned: Int
    /// Learning outcomes of the module.
    public var outcomes: [String]
    /// The organiser issuing it.
    public var issuer: String
    /// Up to three signature blocks: name and role.
    public var signatories: [(name: String, role: String)]
    /// "Co-funded by the European Union" where EU money paid.
    public var fundingStatement: String?
    /// Verification code, grouped.
    public var code: String
    /// The verify URL carrying the code (the QR code's exact content).
    public var verifyURL: String
    /// Day of issue.
    public var issuedOn: LocalDate

    /// Creates a document.
    public init(
        participantName: String, seminar: String, programme: String, from: LocalDate, to: LocalDate,
        minutesAttended: Int, minutesPlanned: Int, outcomes: [String], issuer: String,
        signatories: [(name: String, role: String)], fundingStatement: String?, code: String, verifyURL: String,
        issuedOn: LocalDate
    ) {
        self.participantName = participantName
        self.seminar = seminar
        self.programme = programme
        self.from = from
        self.to = to
        self.minutesAttended = minutesAttended
        self.minutesPlanned = minutesPlanned
        self.outcomes = outcomes
        self.issuer = issuer
        self.signatories = Array(signatories.prefix(3))
        self.fundingStatement = fundingStatement
        self.code = code
        self.verifyURL = verifyURL
        self.issuedOn = issuedOn
    }

    /// The page.
    public func page() -> Page {
        let size = PageSize.a4Landscape
        let margin = 48.0
        let width = size.width - 2 * margin
        var page = Page()
        page.add(
            .rectangle(x: 24, y: 24, width: size.width - 48, height: size.height - 48, lineWidth: 2, fillGrey: nil))
        page.add(
            .rectangle(x: 30, y: 30, width: size.width - 60, height: size.height - 60, lineWidth: 0.5, fillGrey: nil))
        var y = margin
        if let fundingStatement {
            page.add(
                .text(
                    fundingStatement, x: margin, y: y, width: width,
                    style: TextStyle(size: 10, bold: true, alignment: .right)))
        }
        page.add(.text(issuer, x: margin, y: y, width: width * 0.6, style: TextStyle(size: 11, bold: true)))
        y += 40
        page.add(
            .text(
                "Certificate of attendance", x: margin, y: y, width: width,
                style: TextStyle(size: 28, bold: true, alignment: .center)))
        y += 48
        page.add(
            .text("This certifies that", x: margin, y: y, width: width, style: TextStyle(size: 12, alignment: .center)))
        y += 22
        page.add(
            .text(
                participantName, x: margin, y: y, width: width,
                style: TextStyle(size: 24, bold: true, alignment: .center)))
        y += 38
        let attended = "attended \(hoursText(minutesAttended)) of the \(hoursText(minutesPlanned)) hours of the seminar"
        page.add(.text(attended, x: margin, y: y, width: width, style: TextStyle(size: 12, alignment: .center)))
        y += 20
        page.add(
            .text(seminar, x: margin, y: y, width: width, style: TextStyle(size: 16, bold: true, alignment: .center)))
        y += measureText(seminar, width: width, style: TextStyle(size: 16, bold: true)) + 4
        let period = from == to ? "on \(from)" : "from \(from) to \(to)"
        page.add(
            .text(
                "part of the programme “\(programme)”, \(period)", x: margin, y: y, width: width,
                style: TextStyle(size: 11, alignment: .center)))
        y += 26
        if !outcomes.isEmpty {
            page.add(
                .text(
                    "Learning outcomes", x: margin + 40, y: y, width: width - 80, style: TextStyle(size: 10, bold: true)
                ))
            y += 15
            for outcome in outcomes.prefix(5) {
                let line = "• " + outcome
                page.add(.text(line, x: margin + 40, y: y, width: width - 200, style: TextStyle(size: 9)))
                y += measureText(line, width: width - 200, style: TextStyle(size: 9)) + 2
            }
        }
        // Signature blocks along the bottom, the QR code and the code at the right.
        let bottom = size.height - margin - 70
        let blockWidth = (width - 150) / 3
        for (index, signatory) in signatories.enumerated() {
            let x = margin + Double(index) * blockWidth
            page.add(.line(x1: x + 10, y1: bottom + 30, x2: x + blockWidth - 20, y2: bottom + 30, width: 0.5))
            page.add(
                .text(
                    signatory.name, x: x + 10, y: bottom + 34, width: blockWidth - 30,
                    style: TextStyle(size: 9, bold: true)))
            page.add(
                .text(signatory.role, x: x + 10, y: bottom + 46, width: blockWidth - 30, style: TextStyle(size: 8)))
        }
        page.add(.qrCode(verifyURL, x: size.width - margin - 96, y: bottom - 40, size: 96))
        page.add(
            .text(
                "Verification code \(code)", x: margin, y: size.height - margin - 8, width: width,
                style: TextStyle(size: 9, alignment: .right)))
        page.add(
            .text(
                "Issued on \(issuedOn). Check it at \(verifyURL)", x: margin, y: size.height - margin - 8,
                width: width * 0.7,
                style: TextStyle(size: 7, grey: 0.3)))
        return page
    }
}
