import Foundation
import PlannerCore

extension Solver {
    /// Why no placement exists for a cohort, naming the blocking resources.
    func explainUnplaceable(_ cohort: Cohort) -> [String] {
        guard let offeringIndex = grid.offeringIndex[cohort.offeringID] else {
            return ["offering '\(cohort.offeringID)' is unknown"]
        }
        let offering = problem.offerings[offeringIndex]
        var reasons: [String] = []
        let window = "between \(offering.window.lowerBound) and \(offering.window.upperBound)"

        // Prerequisites.
        if state.earliestStartDay(for: cohort, offering: offering) == nil {
            let missing = offering.prerequisites.map { "\($0)#\(cohort.number)" }.joined(separator: ", ")
            reasons.append("prerequisite cohort \(missing) is not scheduled, so this cohort cannot follow it")
            return reasons
        }

        // Venues.
        if grid.venuesFor[offeringIndex].isEmpty {
            reasons.append(contentsOf: explainVenues(offering))
        }
        // Trainers.
        if grid.trainersFor[offeringIndex].isEmpty {
            let teaching = problem.trainers.filter {
                $0.teaches.contains(offering.moduleID) || $0.teaches.contains(offering.curriculumID)
            }
            if teaching.isEmpty {
                reasons.append("no trainer teaches \(offering.moduleID)")
            } else if let language = offering.language {
                let names = teaching.map { "\($0.id) speaks \($0.languages.joined(separator: "/"))" }
                reasons.append(
                    "no trainer who teaches \(offering.moduleID) speaks '\(language)': \(names.joined(separator: ", "))"
                )
            }
        }
        if !reasons.isEmpty { return reasons }

        // Time: enough allowed slots in the window at all?
        let earliest = state.earliestStartDay(for: cohort, offering: offering) ?? 0
        let latest = state.latestEndDay(for: cohort)
        let times = grid.timesFor[offeringIndex].filter { grid.day(of: $0) >= earliest && grid.day(of: $0) <= latest }
        let slotNames = offering.allowedSlots.isEmpty ? "" : " " + offering.allowedSlots.joined(separator: "/")
        if times.count < offering.sessionsPerCohort {
            var blocked = offering.unavailable.isEmpty ? "" : " (the offering is unavailable on some of them)"
            if latest < grid.days.count {
                blocked += " before \(grid.days[max(0, latest + 1)]), when a cohort that follows it starts"
            }
            reasons.append(
                "the window \(window) has only \(times.count) open\(slotNames) slots for "
                    + "\(offering.sessionsPerCohort) sessions\(blocked)")
            return reasons
        }
        let distinctDays = Set(times.map { grid.day(of: $0) }).count
        if offering.minDaysBetween >= 1 {
            let span = offering.window.lowerBound.days(to: offering.window.upperBound)
            let needed = (offering.sessionsPerCohort - 1) * offering.minDaysBetween
            if distinctDays < offering.sessionsPerCohort || span < needed {
                reasons.append(
                    "the window \(window) cannot hold \(offering.sessionsPerCohort) sessions "
                        + "\(offering.minDaysBetween) day(s) apart")
                return reasons
            }
        }

        // Resources booked.
        let count = offering.sessionsPerCohort
        func freeTimes(trainer: Int) -> Int { times.filter { state.trainerFree(trainer, at: $0) }.count }
        func freeTimes(venue: Int) -> Int { times.filter { state.venueFree(venue, at: $0) }.count }
        if let tracks = grid.tracksOf[cohort], !tracks.isEmpty {
            let free = times.filter { state.tracksFree(cohort, at: $0) }.count
            if free < count {
                let names = tracks.map { problem.tracks[$0].id }.joined(separator: ", ")
                reasons.append(
                    "the participants of track \(names) are already in other sessions at all but \(free) of the "
                        + "allowed slots \(window); \(count) are needed")
                return reasons
            }
        }
        var trainerNotes: [String] = []
        for trainer in grid.trainersFor[offeringIndex] {
            let free = freeTimes(trainer: trainer)
            let t = problem.trainers[trainer]
            trainerNotes.append(
                free == 0
                    ? "\(t.id) is fully booked or unavailable"
                    : "\(t.id) is free for only \(free) of the \(count) sessions at suitable spacing and weekly load")
        }
        let unqualified = problem.trainers.filter { !Grid.trainer($0, suits: offering) }.prefix(3)
        for trainer in unqualified {
            trainerNotes.append(
                Grid.speaks(trainer, offering.language)
                    ? "\(trainer.id) does not teach \(offering.moduleID)"
                    : "\(trainer.id) does not speak '\(offering.language ?? "")'")
        }
        let bookedTrainers = grid.trainersFor[offeringIndex].allSatisfy { freeTimes(trainer: $0) < count }
        if bookedTrainers {
            reasons.append("no qualified trainer free \(window): " + trainerNotes.joined(separator: ", "))
        }
        let bookedVenues = grid.venuesFor[offeringIndex].allSatisfy { freeTimes(venue: $0) < count }
        if bookedVenues {
            let notes = grid.venuesFor[offeringIndex].map { venue in
                "\(problem.venues[venue].id) has \(freeTimes(venue: venue)) free slots"
            }
            reasons.append("no suitable venue free \(window) for \(count) sessions: " + notes.joined(separator: ", "))
        }
        if let tracks = grid.tracksOf[cohort], !tracks.isEmpty, !bookedTrainers, !bookedVenues {
            let names = tracks.map { problem.tracks[$0].id }.joined(separator: ", ")
            reasons.append(
                "no \(count) times \(window) where a qualified trainer, a suitable venue and the participants of "
                    + "track \(names) are all free")
        }
        if reasons.isEmpty {
            reasons.append(
                "no \(count) times \(window) where a qualified trainer and a suitable venue are both free "
                    + "(trainers: \(trainerNotes.joined(separator: ", ")))")
        }
        return reasons
    }

    private func explainVenues(_ offering: Offering) -> [String] {
        let venues = problem.venues
        guard let largest = venues.max(by: { $0.capacity < $1.capacity }) else { return ["there are no venues"] }
        var reasons: [String] = []
        let seated = venues.filter {
            problem.weights.overCapacity > 0 || $0.capacity >= offering.participantsPerCohort
        }
        if seated.isEmpty {
            reasons.append(
                "no venue seats \(offering.participantsPerCohort) participants (largest: \(largest.id), "
                    + "\(largest.capacity) seats)")
            return reasons
        }
        let equipped = seated.filter { Set(offering.equipment).isSubset(of: Set($0.equipment)) }
        if equipped.isEmpty {
            let lacks = seated.prefix(4).map { venue in
                "\(venue.id) lacks \(offering.equipment.filter { !venue.equipment.contains($0) }.joined(separator: ", "))"
            }
            reasons.append(
                "no venue with \(offering.participantsPerCohort) seats has \(offering.equipment.joined(separator: ", ")): "
                    + lacks.joined(separator: "; "))
            return reasons
        }
        if offering.stepFreeRequired && !equipped.contains(where: \.stepFreeAccess) {
            let names = equipped.prefix(4).map(\.id).joined(separator: ", ")
            reasons.append(
                "no suitable venue has step-free access (\(names) have steps); waive it for this offering only if "
                    + "every participant can use stairs")
        }
        return reasons
    }

    /// Why a cohort that has placements cannot be paid for, naming budgets and rates.
    func explainUnfundable(_ cohort: Cohort, cheapest: Placement) -> [String] {
        let need = state.need(for: cohort, placement: cheapest, currency: currency)
        // What the others already take.
        let others = state.placements.keys.sorted().map {
            state.need(for: $0, placement: state.placements[$0]!, currency: currency)
        }
        let plan = FundingPlan(needs: others, funders: problem.funders)
        var spent: [String: Money] = [:]
        for allocation in plan.allocations { spent[allocation.funderID, default: .zero(currency)] += allocation.amount }
        var notes: [String] = []
        var available = Money.zero(currency)
        for funder in problem.funders {
            let used = spent[funder.id] ?? .zero(currency)
            let remaining = funder.budget - used
            if !funder.mayFund(need) {
                notes.append("\(funder.name) does not fund this \(eligibilityMismatch(funder, need))")
            } else if funder.pays.isEmpty {
                notes.append("\(funder.name) pays for nothing")
            } else if remaining.minorUnits <= 0 {
                notes.append("\(funder.name) budget exhausted: \(used) of \(funder.budget) allocated")
            } else {
                let cap = funder.cap(for: need)
                let kinds = Set(funder.pays)
                var payable = Money.zero(currency)
                if kinds.contains(.trainerFees) { payable += need.trainerFees }
                if kinds.contains(.venueCosts) { payable += need.venueCosts }
                let share = min(min(cap, remaining), payable)
                available += share
                let percent = Double(funder.maxRateBasisPoints) / 100
                notes.append(
                    "\(funder.name) can give \(share) (rate cap \(String(format: "%g", percent)) % = \(cap), "
                        + "\(remaining) of \(funder.budget) left)")
            }
        }
        return [
            "not enough funding: the cheapest placement costs \(need.total) "
                + "(trainer fees \(need.trainerFees), venues \(need.venueCosts)) and at most \(available) can be found; "
                + notes.joined(separator: "; ")
        ]
    }

    private func eligibilityMismatch(_ funder: Funder, _ need: FundingNeed) -> String {
        if !funder.audiences.isEmpty && !funder.audiences.contains(need.audience) {
            return "audience (\(need.audience.rawValue))"
        }
        if !funder.territories.isEmpty && need.territories.isDisjoint(with: funder.territories) {
            return "territory (\(need.territories.sorted().joined(separator: ", ")))"
        }
        return "curriculum (\(need.curricula.sorted().filter { !$0.isEmpty }.joined(separator: ", ")))"
    }
}
