import PlannerCore
import Scheduling

/// Checks a schedule against every hard constraint, written apart from the solver (no shared code but
/// the value types), so that a solver bug cannot hide behind its own bookkeeping.
func violations(of result: ScheduleResult, in problem: SchedulingProblem) -> [String] {
    var found: [String] = []
    let offerings = Dictionary(uniqueKeysWithValues: problem.offerings.map { ($0.id, $0) })
    let venues = Dictionary(uniqueKeysWithValues: problem.venues.map { ($0.id, $0) })
    let trainers = Dictionary(uniqueKeysWithValues: problem.trainers.map { ($0.id, $0) })
    let calendar = problem.calendar
    let byCohort = Dictionary(grouping: result.sessions, by: \.cohort)

    func overlap(_ a: Session, _ b: Session) -> Bool {
        a.date == b.date && a.slot.start < b.slot.end && b.slot.start < a.slot.end
    }

    for (cohort, sessions) in byCohort {
        guard let offering = offerings[cohort.offeringID] else {
            found.append("\(cohort): unknown offering")
            continue
        }
        if sessions.count != offering.sessionsPerCohort {
            found.append("\(cohort): \(sessions.count) sessions, \(offering.sessionsPerCohort) needed")
        }
        let ordered = sessions.sorted { ($0.date, $0.slot.start) < ($1.date, $1.slot.start) }
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            let gap = a.date.days(to: b.date)
            if gap < offering.minDaysBetween { found.append("\(cohort): sessions \(gap) days apart") }
            if let most = offering.maxDaysBetween, gap > most { found.append("\(cohort): sessions \(gap) days apart") }
        }
        for session in sessions {
            guard let venue = venues[session.venueID], let trainer = trainers[session.trainerID] else {
                found.append("\(cohort): unknown venue or trainer")
                continue
            }
            if !offering.window.contains(session.date) { found.append("\(cohort): \(session.date) outside window") }
            if !calendar.period.contains(session.date) || !calendar.workingWeekdays.contains(session.date.weekday)
                || calendar.closedDates.contains(session.date)
            {
                found.append("\(cohort): \(session.date) is not an open day")
            }
            if !calendar.slots.contains(session.slot) { found.append("\(cohort): unknown slot") }
            if !offering.allowedSlots.isEmpty && !offering.allowedSlots.contains(session.slot.name) {
                found.append("\(cohort): slot \(session.slot.name) not allowed")
            }
            if venue.capacity < offering.participantsPerCohort && problem.weights.overCapacity == 0 {
                found.append("\(cohort): \(venue.id) too small")
            }
            for blocked in offering.unavailable where blocked.blocks(session.date, slot: session.slot.name) {
                found.append("\(cohort): \(offering.id) unavailable on \(blocked)")
            }
            if !offering.equipment.allSatisfy(venue.equipment.contains) { found.append("\(cohort): equipment") }
            if offering.stepFreeRequired && !venue.stepFreeAccess { found.append("\(cohort): steps") }
            if !trainer.teaches.contains(offering.moduleID) && !trainer.teaches.contains(offering.curriculumID) {
                found.append("\(cohort): \(trainer.id) does not teach \(offering.moduleID)")
            }
            if let language = offering.language,
                !trainer.languages.contains(where: { $0.hasPrefix(language) || language.hasPrefix($0) })
            {
                found.append("\(cohort): \(trainer.id) does not speak \(language)")
            }
            for blocked in trainer.unavailable where blocked.blocks(session.date, slot: session.slot.name) {
                found.append("\(cohort): \(trainer.id) unavailable on \(blocked)")
            }
            for blocked in venue.unavailable where blocked.blocks(session.date, slot: session.slot.name) {
                found.append("\(cohort): \(venue.id) unavailable on \(blocked)")
            }
        }
        for prerequisite in offering.prerequisites {
            let other = offerings[prerequisite]!
            let partner = Cohort(offeringID: prerequisite, number: min(cohort.number, other.cohorts))
            guard let before = byCohort[partner], let end = before.map(\.date).max(),
                let start = sessions.map(\.date).min(), end < start
            else {
                found.append("\(cohort): prerequisite \(partner) not finished first")
                continue
            }
        }
    }
    // Nobody in two places at once.
    let all = result.sessions
    for i in all.indices {
        for j in all.indices where j > i && overlap(all[i], all[j]) {
            if all[i].trainerID == all[j].trainerID {
                found.append("trainer \(all[i].trainerID) double-booked on \(all[i].date)")
            }
            if all[i].venueID == all[j].venueID {
                found.append("venue \(all[i].venueID) double-booked on \(all[i].date)")
            }
            for track in problem.tracks
            where track.cohorts.contains(all[i].cohort) && track.cohorts.contains(all[j].cohort)
                && all[i].cohort != all[j].cohort
            {
                found.append("track \(track.id) clashes on \(all[i].date)")
            }
        }
    }
    // Weekly maximum per trainer (ISO weeks: Monday-based).
    var load: [String: Int] = [:]
    for session in all {
        let monday = session.date.adding(days: -(session.date.weekday - 1))
        load["\(session.trainerID)/\(monday)", default: 0] += 1
    }
    for (key, count) in load {
        let id = String(key.split(separator: "/")[0])
        if let most = trainers[id]?.maxSessionsPerWeek, most > 0, count > most {
            found.append("trainer \(id) has \(count) sessions in the week of \(key.split(separator: "/")[1])")
        }
    }
    // Funding: every cohort paid in full, by eligible funders, within rates and budgets.
    var paidByFunder: [String: Int64] = [:]
    for (cohort, sessions) in byCohort {
        var fees: Int64 = 0
        var rent: Int64 = 0
        for session in sessions {
            let trainer = trainers[session.trainerID]!
            fees += trainer.inHouse ? 0 : trainer.feePerSession.minorUnits
            rent += venues[session.venueID]!.costPerSlot.minorUnits
        }
        let allocations = result.funding.filter { $0.cohort == cohort }
        let paidFees = allocations.filter { $0.kind == .trainerFees }.map(\.amount.minorUnits).reduce(0, +)
        let paidRent = allocations.filter { $0.kind == .venueCosts }.map(\.amount.minorUnits).reduce(0, +)
        if paidFees != fees || paidRent != rent {
            found.append("\(cohort): costs \(fees)+\(rent), paid \(paidFees)+\(paidRent)")
        }
        let offering = offerings[cohort.offeringID]!
        for (funderID, parts) in Dictionary(grouping: allocations, by: \.funderID) {
            guard let funder = problem.funders.first(where: { $0.id == funderID }) else {
                found.append("\(cohort): unknown funder \(funderID)")
                continue
            }
            let amount = parts.map(\.amount.minorUnits).reduce(0, +)
            paidByFunder[funderID, default: 0] += amount
            if amount * 10_000 > (fees + rent) * Int64(funder.maxRateBasisPoints) {
                found.append("\(cohort): \(funderID) pays above its rate")
            }
            if !funder.audiences.isEmpty && !funder.audiences.contains(offering.audience) {
                found.append("\(cohort): \(funderID) may not fund \(offering.audience)")
            }
            for part in parts where !funder.pays.contains(part.kind) {
                found.append("\(cohort): \(funderID) does not pay \(part.kind)")
            }
        }
    }
    for funder in problem.funders where (paidByFunder[funder.id] ?? 0) > funder.budget.minorUnits {
        found.append("\(funder.id) over budget")
    }
    return found
}
