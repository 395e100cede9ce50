public import CurriculumImport
public import Foundation
import PlannerCore
import Workspace

/// Publishes the scheduled programme as a feed a regional catalogue takes in (XCRI-CAP 1.2, LHÉO 2.2): each
/// module with scheduled cohorts is a course, each scheduled cohort a presentation with its dates, hours,
/// venue and address, language and what a participant pays.
public struct PublishProgramme: Sendable {
    /// Feed formats.
    public enum Format: String, Sendable, CaseIterable {
        case xcriCap = "xcri-cap"
        case lheo
    }

    /// The format.
    public var format: Format
    /// What a participant pays, as published (`Free of charge`, `120 EUR`).
    public var cost: String?
    /// The training body's SIRET and declaration number (LHÉO requires them).
    public var siret: String
    public var activityNumber: String

    /// A publication.
    public init(format: Format, cost: String? = nil, siret: String = "", activityNumber: String = "") {
        self.format = format
        self.cost = cost
        self.siret = siret
        self.activityNumber = activityNumber
    }

    /// What was published.
    public struct Outcome: Sendable {
        /// The feed.
        public var feed: Data
        /// Courses and presentations in it.
        public var courses: Int
        public var presentations: Int
    }

    /// The courses of the stored schedule, ordered by module, their presentations by cohort.
    public func courses(in context: ServiceContext) throws -> [FeedCourse] {
        let store = try context.workspace()
        let data = try store.planningData()
        let schedule = try store.schedule()
        let venues = Dictionary(uniqueKeysWithValues: data.venues.map { ($0.id, $0) })
        let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
        let cohorts = Dictionary(grouping: schedule.sessions.map(\.session), by: \.cohort)
        var curricula: [String: Curriculum] = [:]
        var courses: [String: FeedCourse] = [:]
        for cohort in cohorts.keys.sorted() {
            guard let offering = offerings[cohort.offeringID],
                let sessions = cohorts[cohort]?.sorted(by: {
                    ($0.date, $0.slot.start) < ($1.date, $1.slot.start)
                }), let first = sessions.first, let last = sessions.last
            else { continue }
            if curricula[offering.curriculumID] == nil {
                curricula[offering.curriculumID] = try store.curriculum(id: offering.curriculumID)
            }
            let curriculum = curricula[offering.curriculumID]
            let module = curriculum?.modules.first { $0.id == offering.moduleID }
            // The venue of most of the cohort's sessions (the first of them on a tie).
            let counts = Dictionary(grouping: sessions, by: \.venueID).mapValues(\.count)
            let venueID = sessions.map(\.venueID).max { counts[$0]! < counts[$1]! } ?? first.venueID
            let venue = venues[venueID]
            let minutes = sessions.reduce(0) { $0 + $1.slot.minutes }
            let presentation = FeedPresentation(
                id: cohort.label, start: first.date, end: last.date, minutes: minutes,
                sessions: sessions.count, venue: venue?.name ?? venueID, address: venue?.address ?? "",
                town: venue?.territory ?? "", language: offering.language ?? module?.delivery.language, cost: cost,
                places: offering.participantsPerCohort, audience: offering.audience)
            courses[
                offering.moduleID,
                default: FeedCourse(
                    id: offering.moduleID, title: module?.title ?? LocalizedText(offering.moduleID),
                    description: module?.description ?? LocalizedText(),
                    outcomes: module?.learningOutcomes.map(\.text) ?? [], credits: module?.credits ?? [],
                    codes: curriculum?.codes ?? [])
            ].presentations.append(presentation)
        }
        return courses.keys.sorted().compactMap { courses[$0] }
    }

    /// The feed.
    public func run(in context: ServiceContext) throws -> Outcome {
        let courses = try courses(in: context)
        guard !courses.isEmpty else {
            throw ServiceError(.notFound, "no scheduled cohort to publish: run `planner schedule solve` first")
        }
        let organiser = try ProgrammeSettings(try context.workspace()).organiser()
        let provider = FeedProvider(
            name: organiser, identifier: nil, activityNumber: activityNumber, siret: siret)
        let feed =
            switch format {
            case .xcriCap: CurriculumFeed.xcriCap(courses, provider: provider, generated: context.now)
            case .lheo: CurriculumFeed.lheo(courses, provider: provider, generated: context.now)
            }
        return Outcome(
            feed: feed, courses: courses.count, presentations: courses.reduce(0) { $0 + $1.presentations.count })
    }
}
