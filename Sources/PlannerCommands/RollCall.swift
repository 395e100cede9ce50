import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

#if canImport(Glibc)
    import Glibc
#endif

extension Planner.AttendanceGroup {
    /// `planner attendance roll-call SESSION`: one key per person, saved as you go.
    struct RollCall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roll-call",
            abstract: "Call the roll in the terminal: one key per status; every answer is saved at once.",
            discussion: """
                Keys: the status keys (p present, l late, e excused, a absent by default), s skip, b back, q quit.
                Interrupting loses nothing already answered; running it again resumes at the first person not yet
                marked (--all starts from the top).
                """)
        @Argument(help: "Session, e.g. SEM1-ADM#1/2.") var session: String
        @Flag(help: "Start from the first participant even if already marked.") var all = false
        @Option(help: "Who records the marks.") var by: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let key = try sessionKey(session)
            let marking = Marking(global.context)
            let sheet = try marking.rollCall(key)
            var marked = sheet.marked
            var index = all ? 0 : (sheet.people.firstIndex { marked[$0.id] == nil } ?? sheet.people.count)
            if index == sheet.people.count {
                print("Everyone registered for \(key) is already marked (use --all to go through again).")
                return
            }
            let legend = sheet.statuses.map { "\($0.key)=\($0.name)" }.joined(separator: " ") + "  s=skip b=back q=quit"
            print("Roll call for \(key): \(sheet.people.count) registered. \(legend)")
            let stopped = "Stopped; %ld of \(sheet.people.count) marked. Run again to resume."
            let reader = KeyReader()
            defer { reader.restore() }
            while index < sheet.people.count {
                let person = sheet.people[index]
                print(
                    "[\(index + 1)/\(sheet.people.count)] \(person.familyName), \(person.givenName)"
                        + (marked[person.id].map { " [\($0)]" } ?? "") + ": ", terminator: "")
                fflush(nil)  // every output stream: the prompt shows before the key is read
                guard let pressed = reader.next() else { return print("\n" + String(format: stopped, marked.count)) }
                print(pressed)
                switch pressed {
                case "q": return print(String(format: stopped, marked.count))
                case "s": index += 1
                case "b": index = max(0, index - 1)
                default:
                    guard let status = sheet.statuses.first(where: { $0.key == String(pressed) }) else {
                        print("  '\(pressed)' is not a key: \(legend)")
                        continue
                    }
                    try marking.record(
                        [MarkEntry(participantID: person.id, status: status.name)], for: key, by: by, from: "roll call")
                    marked[person.id] = status.name
                    index += 1
                }
            }
            print("Done: \(marked.count) of \(sheet.people.count) marked for \(key).")
        }
    }
}

/// Reads one key at a time: raw mode on a terminal, one line at a time from a pipe.
final class KeyReader {
    private var saved = termios()
    private let terminal: Bool

    init() {
        terminal = isatty(STDIN_FILENO) == 1
        guard terminal else { return }
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    /// The next key, lower-cased; nil at the end of input or on Ctrl-D.
    func next() -> Character? {
        if terminal {
            var byte: UInt8 = 0
            guard read(STDIN_FILENO, &byte, 1) == 1, byte != 4 else { return nil }
            if byte == 3 { return "q" }  // Ctrl-C
            return Character(Unicode.Scalar(byte)).lowercased().first
        }
        while let line = readLine() {
            if let first = line.trimmingCharacters(in: .whitespaces).first { return first.lowercased().first }
        }
        return nil
    }

    func restore() {
        if terminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }
}
