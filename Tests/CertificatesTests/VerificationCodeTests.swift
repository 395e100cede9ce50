import Certificates
import Foundation
import PlannerCore
import Testing

@Suite struct VerificationCodeTests {
    @Test func codesCarryAtLeastSixtyBitsWithoutLookAlikes() {
        #expect(VerificationCode.entropyBits >= 60)
        var generator = SeededGenerator(seed: 42)
        let code = VerificationCode(using: &generator)
        #expect(code.description.count == 17)
        #expect(code.description.split(separator: "-").map(\.count) == [5, 5, 5])
        #expect(code.symbols.allSatisfy { !"01IO".contains($0) })
    }

    @Test func typedCodesAreReadBackForgivingCaseAndSeparators() {
        var generator = SeededGenerator(seed: 7)
        let code = VerificationCode(using: &generator)
        let typed = code.description.lowercased().replacingOccurrences(of: "-", with: " ")
        #expect(VerificationCode(reading: typed) == code)
        #expect(VerificationCode(reading: "0000-0000-00000") == nil)
        #expect(VerificationCode(reading: "ABC") == nil)
    }

    @Test func theSameSeedGivesTheSameCodeAndCodesDiffer() {
        var a = SeededGenerator(seed: 1)
        var b = SeededGenerator(seed: 1)
        #expect(VerificationCode(using: &a) == VerificationCode(using: &b))
        var generator = SeededGenerator(seed: 3)
        let codes = Set((0..<1_000).map { _ in VerificationCode(using: &generator) })
        #expect(codes.count == 1_000)
    }
}
