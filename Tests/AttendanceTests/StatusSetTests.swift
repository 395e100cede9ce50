import Attendance
import Testing

@Suite struct StatusSetTests {
    @Test func theDefaultSetSaysWhatCountsAsAttended() {
        let set = AttendanceStatusSet.standard
        #expect(set.statuses.map(\.name) == ["present", "late", "excused", "absent"])
        #expect(set.status(named: "Late")?.countsAsAttended == true)
        #expect(set.status(named: "excused")?.countsAsAttended == false)
        #expect(set.status(named: "present")?.minutes(forSessionOf: 210) == 210)
        #expect(set.status(named: "absent")?.minutes(forSessionOf: 210) == 0)
    }

    @Test func duplicateNamesOrKeysAreRefused() {
        let present = AttendanceStatus(name: "present", countsAsAttended: true, defaultMinutes: .full, key: "p")
        let again = AttendanceStatus(name: "partial", countsAsAttended: true, defaultMinutes: .none, key: "p")
        #expect(AttendanceStatusSet([present, again]) == nil)
    }

    @Test func theEightyPercentRuleIsExact() {
        // 16 of 20 hours is exactly 80 %: it meets the rule; one minute less does not.
        #expect(AttendedTime(minutesAttended: 960, minutesPlanned: 1_200).meets(basisPoints: 8_000))
        #expect(!AttendedTime(minutesAttended: 959, minutesPlanned: 1_200).meets(basisPoints: 8_000))
        #expect(AttendedTime(minutesAttended: 959, minutesPlanned: 1_200).rateBasisPoints == 7_991)
        #expect(!AttendedTime(minutesAttended: 0, minutesPlanned: 0).meets(basisPoints: 0))
    }
}
