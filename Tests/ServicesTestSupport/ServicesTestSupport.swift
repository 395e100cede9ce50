public import Foundation
import PlannerCore
public import PlannerServices
import TestSupport

/// An instant after the fixture programme (March–April 2027): every session has been held.
public let afterProgramme = ISO8601DateFormatter().date(from: "2027-06-30T12:00:00Z")!

/// A context for `folder`: acting as `actor`, at a fixed instant.
public func context(_ folder: URL, actor: String = "claire.coordinator", at instant: Date = afterProgramme)
    -> ServiceContext
{
    ServiceContext(folder: folder, actor: actor, clock: { instant })
}

/// A workspace holding the sample curricula and the fixture's planning files, not yet solved.
public func plannedWorkspace(_ folder: URL) async throws -> ServiceContext {
    let context = context(folder)
    _ = try WorkspaceSetup.create(in: context)
    _ = try await ImportCurricula(files: Repository.sampleFiles.map(InputFile.init(path:))).run(in: context)
    _ = try await ImportPlanning(files: Repository.planningFiles.map(InputFile.init(path:))).run(in: context)
    return context
}

/// A planned, solved workspace with the fixture's eight participants.
public func solvedWorkspace(_ folder: URL) async throws -> ServiceContext {
    let context = try await plannedWorkspace(folder)
    _ = try await SolveSchedule(seed: 5, seconds: 1).run(in: context)
    _ = try await ImportParticipants(files: [InputFile(path: Repository.participants)]).run(in: context)
    return context
}

/// A solved workspace where P01 attended every session of SEM1-ADM#1 and holds a certificate issued under
/// `publicURL`; returns the context and the certificate's code.
public func certifiedWorkspace(_ folder: URL, publicURL: String? = nil) async throws -> (ServiceContext, String) {
    let context = try await solvedWorkspace(folder)
    let cohort = Cohort(offeringID: "SEM1-ADM", number: 1)
    _ = try Registrations(context).register(["P01", "P02"], in: cohort)
    for stored in try ScheduleBook(context).current().schedule.sessions where stored.session.cohort == cohort {
        try Marking(context).record(
            [MarkEntry(participantID: "P01", status: "present")],
            for: SessionKey(cohort: cohort, index: stored.session.index))
    }
    if let publicURL { try ProgrammeSettings(context).setPublicURL(publicURL) }
    let issued = try await IssueCertificates(organiser: "Ville de Liège").run(in: context)
    return (context, issued.issued[0].verificationCode)
}
