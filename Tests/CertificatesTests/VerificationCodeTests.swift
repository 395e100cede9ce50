import Certificates
import Foundation
import Testing

@Suite struct VerificationCodeTests {
    @Test func codesCarryAtLeastSixtyBitsWithoutLookAlikes() {
        #expect(VerificationCode.entropyBits >= 60)
        var generator = SeededForTest(seed: 42)
        let code = VerificationCode(using: &generator)
        #expect(code.description.count == 17)
        #expect(code.description.split(separator: "-").map(\.count) == [5, 5, 5])
        #expect(code.symbols.allSatisfy { !"01IO".contains($0) })
    }

    @Test func typedCodesAreReadBackForgivingCaseAndSeparators() {
        var generator = SeededForTest(seed: 7)
        let code = VerificationCode(using: &generator)
        let typed = code.description.lowercased().replacingOccurrences(of: "-", with: " ")
        #expect(VerificationCode(reading: typed) == code)
        #expect(VerificationCode(reading: "0000-0000-00000") == nil)
        #expect(VerificationCode(reading: "ABC") == nil)
    }

    @Test func theSameSeedGivesTheSameCodeAndCodesDiffer() {
        var a = SeededForTest(seed: 1)
        var b = SeededForTest(seed: 1)
        #expect(VerificationCode(using: &a) == VerificationCode(using: &b))
        var generator = SeededForTest(seed: 3)
        let codes = Set((0..<1_000).map { _ in VerificationCode(using: &generator) })
        #expect(codes.count == 1_000)
    }
}

/// A deterministic generator for tests (SplitMix64).
struct SeededForTest: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
