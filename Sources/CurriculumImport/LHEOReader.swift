import Foundation
import PlannerCore

/// Reads LHÉO 2.x, the language of the French regional training offer (Carif-Oref catalogues):
/// `lheo/offres/formation`, each with its `action`s (where, how, how long, at what price) and their
/// `session`s (when).
///
/// Each `formation` becomes a curriculum whose one module is the formation itself; each session of each
/// action a dated instance. Contact hours are the hours in the training centre (`nombre-heures-centre`),
/// else the total (`nombre-heures-total`), else a free-text `duree-indicative` where it says hours plainly
/// ("35 heures"). FORMACODE, NSF, ROME and certification codes (RNCP, RS, CertifInfo, CPF) are kept. Text
/// that carries escaped HTML (`&lt;p&gt;`) is reduced to its words. Elements are matched by local name:
/// 2.0–2.3 use different namespace URIs for the same vocabulary.
final class LHEOReader: DialectReader {
    let collectionDepth = 2
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String

    init(file: String) { self.file = file }

    private func warn(_ message: String, at element: XMLElement) {
        diagnostics.append(.warning(message, file: file, line: element.line, column: element.column))
    }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        guard element.name == "formation", ancestors.last?.name == "offres" else { return }
        if let curriculum = readFormation(element) {
            emit(Located(value: curriculum, line: element.line, column: element.column))
        }
    }

    func finish(emit: (Located<Curriculum>) -> Void) {}

    /// An element's words: white space collapsed, escaped HTML and its entities made plain text.
    private func words(_ element: XMLElement?) -> String {
        guard let element else { return "" }
        return plainText(fromHTML: element.allText)
    }

    private func readFormation(_ formation: XMLElement) -> Curriculum? {
        guard let id = (formation.attribute("numero") ?? formation.attribute("id")).map(collapsingWhitespace),
            !id.isEmpty
        else {
            warn("<formation> has no numero attribute; skipped (a formation needs one to be imported)", at: formation)
            return nil
        }
        let titleText = words(formation.child("intitule-formation"))
        if titleText.isEmpty { warn("formation '\(id)' has no <intitule-formation>", at: formation) }
        let title = LocalizedText(titleText.isEmpty ? id : titleText, language: "fr")
        func text(_ name: String) -> LocalizedText {
            let value = words(formation.child(name))
            return value.isEmpty ? LocalizedText() : LocalizedText(value, language: "fr")
        }
        var module = Module(id: id, title: title, description: text("contenu-formation"))
        let outcomes = text("resultats-attendus")
        if !outcomes.isEmpty { module.learningOutcomes = [LearningOutcome(text: outcomes)] }

        var codes: [Classification] = []
        if let domain = formation.child("domaine-formation") {
            for child in domain.children {
                guard child.name.hasPrefix("code-") else { continue }
                let code = child.trimmedText
                if !code.isEmpty { codes.append(Classification(scheme: String(child.name.dropFirst(5)), code: code)) }
            }
        }
        var qualification: String?
        for certification in formation.children("certification") {
            for child in certification.children where child.name.hasPrefix("code-") {
                let code = child.trimmedText
                guard !code.isEmpty else { continue }
                let scheme = String(child.name.dropFirst(5))
                codes.append(Classification(scheme: scheme, code: code))
                if qualification == nil, scheme == "RNCP" || scheme == "RS" {
                    qualification = code.hasPrefix(scheme) ? code : scheme + code
                }
            }
        }
        let responsible = formation.child("organisme-formation-responsable")
        let provider = [responsible?.child("raison-sociale"), responsible?.child("nom-organisme")].lazy.map(words)
            .first { !$0.isEmpty }

        var curriculum = Curriculum(
            id: id, title: title, description: text("objectif-formation"), provider: provider, format: .lheo,
            source: file, qualification: qualification, codes: codes)
        let actions = formation.children("action")
        if actions.isEmpty { warn("formation '\(id)' has no <action>: no dated session is imported", at: formation) }
        for action in actions {
            let (instances, hours) = readAction(action, formation: id)
            curriculum.instances += instances
            if module.hours == nil { module.hours = hours }
            if module.delivery.language == nil, let language = action.child("langue-formation")?.trimmedText,
                !language.isEmpty
            {
                module.delivery.language = language.lowercased()
            }
        }
        curriculum.modules = [module]
        return curriculum
    }

    /// The action's sessions as instances, and its contact hours.
    private func readAction(_ action: XMLElement, formation: String) -> ([CurriculumInstance], Int?) {
        let hours = contactHours(action, formation: formation)
        let venue = action.child("lieu-de-formation").flatMap(place)
        let mode: String? = {
            let rhythm = words(action.child("rythme-formation"))
            let code = action.child("modalites-enseignement")?.trimmedText
            let presence: String? =
                switch code {
                case "0": "face to face"
                case "1": "blended"
                case "2": "distance"
                default: nil
                }
            let parts = [presence, rhythm.isEmpty ? nil : rhythm].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }()
        // What is left for the participant to pay, else the full price.
        let remaining = words(action.child("frais-restants"))
        let cost =
            remaining.isEmpty
            ? action.child("prix-total-TTC").map(\.trimmedText).flatMap { $0.isEmpty ? nil : "\($0) EUR TTC" }
            : remaining
        let sessions = action.children("session")
        if sessions.isEmpty {
            warn("formation '\(formation)': <action> has no <session>; imported without dates", at: action)
            return (
                [
                    CurriculumInstance(
                        identifier: action.attribute("numero"), venue: venue, mode: mode, cost: cost)
                ], hours
            )
        }
        let span = durationSpan(action, formation: formation)
        return (
            sessions.map { session in
                let period = session.child("periode")
                let start = period.flatMap { date($0.child("debut"), formation: formation) }
                let end = period.flatMap { date($0.child("fin"), formation: formation) }
                if let start, let end, end < start {
                    warn(
                        "formation '\(formation)': session ends (\(end)) before it starts (\(start))",
                        at: period ?? session)
                }
                if let span, let start, let end {
                    let days = Double(start.days(to: end) + 1)
                    if abs(days - span.days) > max(1, span.days * 0.2) {
                        warn(
                            "formation '\(formation)': duree-indicative '\(span.text)' contradicts the session's "
                                + "dates (\(start) to \(end)); using the dates", at: span.element)
                    }
                }
                return CurriculumInstance(
                    identifier: session.attribute("numero") ?? action.attribute("numero"), start: start, end: end,
                    venue: venue, mode: mode, cost: cost)
            }, hours
        )
    }

    /// Where an action takes place: the address of `lieu-de-formation/coordonnees`, as one line.
    private func place(_ place: XMLElement) -> String? {
        guard let coordinates = place.child("coordonnees") else { return nil }
        var parts: [String] = []
        let name = words(coordinates.child("nom"))
        if !name.isEmpty { parts.append(name) }
        parts += coordinates.children("ligne").map(words).filter { !$0.isEmpty }
        if let address = coordinates.child("adresse") {
            let denomination = words(address.child("denomination"))
            if !denomination.isEmpty, denomination != name { parts.append(denomination) }
            parts += address.children("ligne").map(words).filter { !$0.isEmpty }
            let town = [words(address.child("codepostal")), words(address.child("ville"))].filter { !$0.isEmpty }
            if !town.isEmpty { parts.append(town.joined(separator: " ")) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Hours in the centre, else the total, else what `duree-indicative` says in hours.
    private func contactHours(_ action: XMLElement, formation: String) -> Int? {
        for name in ["nombre-heures-centre", "nombre-heures-total"] {
            guard let element = action.child(name) else { continue }
            let text = element.trimmedText
            if let hours = Int(text), hours > 0 { return hours }
            if let hours = Double(text.replacingOccurrences(of: ",", with: ".")), hours > 0 {
                warn("formation '\(formation)': <\(name)> '\(text)' is not a whole number; rounded", at: element)
                return Int(hours.rounded())
            }
            if text != "0" {
                warn("formation '\(formation)': <\(name)> '\(text)' is not a number of hours", at: element)
            }
        }
        guard let element = action.child("duree-indicative") else { return nil }
        switch FreeDuration(element.allText) {
        case .hours(let hours): return hours
        case .span:
            warn(
                "formation '\(formation)': duree-indicative '\(element.allText)' is how long it lasts, not its hours; "
                    + "no contact hours (set them with `planner curriculum set-hours MODULE HOURS`)",
                at: element)
            return nil
        case .unclear:
            warn(
                "formation '\(formation)': duree-indicative '\(element.allText)' is not one plain duration; not read "
                    + "(set the hours with `planner curriculum set-hours MODULE HOURS`)", at: element)
            return nil
        }
    }

    /// The span `duree-indicative` gives ("2 ans", "6 mois"), to check the sessions' dates against.
    private func durationSpan(_ action: XMLElement, formation: String) -> (
        days: Double, text: String, element: XMLElement
    )? {
        guard let element = action.child("duree-indicative"), case .span(let days) = FreeDuration(element.allText)
        else { return nil }
        return (days, element.allText, element)
    }

    /// An LHÉO date, `AAAAMMJJ`: `00000000` is unknown; `AAAAMM00` a month and `AAAA0000` a year, read as
    /// their first day; `99999999` (no end) is unknown too.
    private func date(_ element: XMLElement?, formation: String) -> LocalDate? {
        guard let element else { return nil }
        let text = element.trimmedText
        let digits = text.utf8.map { Int($0) - 0x30 }
        guard digits.count == 8, digits.allSatisfy({ (0...9).contains($0) }) else {
            if !text.isEmpty {
                warn("formation '\(formation)': date '\(text)' is not AAAAMMJJ; read as unknown", at: element)
            }
            return nil
        }
        if text == "00000000" || text == "99999999" { return nil }
        let year = digits[0..<4].reduce(0) { $0 * 10 + $1 }
        let month = digits[4] * 10 + digits[5]
        let day = digits[6] * 10 + digits[7]
        guard let date = LocalDate(year: year, month: max(month, 1), day: max(day, 1)), month > 0 || day == 0 else {
            warn("formation '\(formation)': date '\(text)' is not a calendar date; read as unknown", at: element)
            return nil
        }
        return date
    }
}

/// A duration as people write it in LHÉO's `duree-indicative` ("35 heures", "2 ans", "6 mois", "35h").
enum FreeDuration: Equatable {
    /// A number of hours: contact hours.
    case hours(Int)
    /// A span of time, in days: how long the training lasts from start to end, not its hours.
    case span(days: Double)
    /// Several numbers, a range ("3 à 6 mois", "de 35 à 70 heures"), or no unit: not read.
    case unclear

    init(_ text: String) {
        // Words and numbers, lower-cased; a number may carry its unit ("35h"). Scalars, not characters: this
        // runs for every action of a catalogue (`perf`: a fifth of reading a LHÉO feed when it used
        // Foundation's trimming and replacing).
        var tokens: [(isNumber: Bool, text: String.UnicodeScalarView)] = []
        var current = String.UnicodeScalarView()
        var currentIsNumber = false
        func flush() {
            if !current.isEmpty { tokens.append((currentIsNumber, current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.lowercased().unicodeScalars {
            let isDigit = (0x30...0x39).contains(scalar.value)
            if isDigit || (currentIsNumber && !current.isEmpty && (scalar == "," || scalar == ".")) {
                if !currentIsNumber { flush() }
                currentIsNumber = true
                current.append(scalar)
            } else if scalar.properties.isAlphabetic {
                if currentIsNumber { flush() }
                currentIsNumber = false
                current.append(scalar)
            } else {
                flush()
                currentIsNumber = false
            }
        }
        flush()
        let numbers = tokens.indices.filter { tokens[$0].isNumber }
        guard numbers.count == 1, let index = numbers.first, index + 1 < tokens.count else {
            self = .unclear
            return
        }
        // "35," or "2." at the end of a sentence: the separator is not part of the number.
        var digits = tokens[index].text
        while let last = digits.last, last == "," || last == "." { digits.removeLast() }
        guard let value = Double(String(String.UnicodeScalarView(digits.map { $0 == "," ? "." : $0 }))), value > 0
        else {
            self = .unclear
            return
        }
        let unit = String(tokens[index + 1].text)
        if ["h", "heure", "heures", "hour", "hours", "hr", "hrs"].contains(unit) {
            self = value == value.rounded() ? .hours(Int(value)) : .unclear
            return
        }
        let spans: [(units: Set<String>, days: Double)] = [
            (["an", "ans", "année", "années", "annee", "annees", "year", "years"], 365),
            (["semestre", "semestres"], 182.5),
            (["mois", "month", "months"], 30.4),
            (["semaine", "semaines", "week", "weeks", "sem"], 7),
            (["jour", "jours", "j", "day", "days"], 1),
        ]
        guard let match = spans.first(where: { $0.units.contains(unit) }) else {
            self = .unclear
            return
        }
        self = .span(days: value * match.days)
    }
}
