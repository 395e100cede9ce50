import Foundation
import PlannerCore
import Testing

@Suite struct MoneyTests {
    let eur = Currency.euro

    @Test func parsesExactDecimalsWithoutFloatingPoint() throws {
        #expect(try Money(parsing: "0.1", currency: eur).minorUnits == 10)
        #expect(try Money(parsing: "0.2", currency: eur).minorUnits == 20)
        // 0.1 + 0.2 is exactly 0.30, unlike binary floating point.
        #expect(
            (try Money(parsing: "0.1", currency: eur) + Money(parsing: "0.2", currency: eur)).decimalString == "0.30")
        #expect(try Money(parsing: "12,000.00", currency: eur).minorUnits == 1_200_000)
        #expect(try Money(parsing: "1 200,50", currency: eur, decimalSeparator: ",").minorUnits == 120_050)
        #expect(try Money(parsing: "-3.5", currency: eur).minorUnits == -350)
        #expect(try Money(parsing: "92233720368547758.07", currency: eur).minorUnits == Int64.max)
    }

    @Test func refusesWhatIsNotAnExactAmount() {
        #expect(throws: Money.ParseError.self) { try Money(parsing: "1.005", currency: eur) }
        #expect(throws: Money.ParseError.self) { try Money(parsing: "1.5", currency: Currency(code: "JPY")!) }
        #expect(throws: Money.ParseError.self) { try Money(parsing: "12a", currency: eur) }
        #expect(throws: Money.ParseError.self) { try Money(parsing: "", currency: eur) }
        #expect(throws: Money.ParseError.self) { try Money(parsing: "1.2.3", currency: eur) }
        #expect(throws: Money.ParseError.self) { try Money(parsing: "1e3", currency: eur) }
        #expect(throws: Money.ParseError.self) { try Money(parsing: "92233720368547758.08", currency: eur) }
    }

    @Test func formatsForPeopleAndPrograms() throws {
        let amount = try Money(parsing: "12000", currency: eur)
        #expect(amount.description == "12,000.00 EUR")
        #expect(amount.decimalString == "12000.00")
        #expect(Money(minorUnits: -5, currency: eur).decimalString == "-0.05")
        #expect(Money(minorUnits: 1234, currency: Currency(code: "JPY")!).description == "1,234 JPY")
        #expect(Money(minorUnits: 1234, currency: Currency(code: "KWD")!).decimalString == "1.234")
    }

    @Test func arithmeticStaysInMinorUnits() throws {
        let fee = try Money(parsing: "450.00", currency: eur)
        #expect((fee * 6).description == "2,700.00 EUR")
        #expect((fee - Money(minorUnits: 1, currency: eur)).decimalString == "449.99")
        // A 85 % cap on 1,000.01 EUR rounds down: the cap is never exceeded.
        #expect(try Money(parsing: "1000.01", currency: eur).share(basisPoints: 8_500).decimalString == "850.00")
        #expect(Money(minorUnits: -101, currency: eur).share(basisPoints: 5_000).minorUnits == -51)
    }

    @Test func proportionalSplitAddsUpToTheCent() throws {
        let total = try Money(parsing: "100.00", currency: eur)
        let parts = total.allocated(proportionally: [1, 1, 1])
        #expect(parts.map(\.minorUnits) == [3334, 3333, 3333])
        #expect(parts.reduce(Money.zero(eur), +) == total)
        #expect(Money(minorUnits: 7, currency: eur).allocated(proportionally: [0, 0]).map(\.minorUnits) == [0, 0])
    }

    @Test func currencyCodesAreChecked() throws {
        #expect(Currency(code: "eur") == nil)
        #expect(Currency(code: "EURO") == nil)
        #expect(Currency(code: "EUR")?.minorDigits == 2)
        let json = try JSONEncoder().encode(Money(minorUnits: 150, currency: eur))
        #expect(String(decoding: json, as: UTF8.self).contains("\"1.50\""))
        #expect(try JSONDecoder().decode(Money.self, from: json) == Money(minorUnits: 150, currency: eur))
    }
}
