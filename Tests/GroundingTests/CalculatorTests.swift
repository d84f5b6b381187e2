import FootnoteCore
import Grounding
import Testing

@Suite("Calculator tool")
struct CalculatorTests {
    let calculator = Calculator()
    let router = QueryRouter()

    @Test("precedence, parentheses, powers, percent, functions", arguments: [
        ("2 + 3 * 4", 14.0), ("(2 + 3) * 4", 20), ("2^3^2", 512), ("-2^2", -4), ("15% * 80", 12), ("sqrt(16) + abs(-3)", 7),
        ("10 / 4", 2.5), ("1,000 * 3", 3000), ("5!", 120), ("17 mod 5", 2), ("log(1000)", 3),
    ])
    func expressions(_ expression: String, _ expected: Double) throws {
        #expect(abs(try calculator.evaluate(expression) - expected) < 1e-9)
    }

    @Test("division by zero and garbage are errors that quote the expression")
    func errors() {
        #expect(throws: GroundingError.self) { try calculator.evaluate("1 / 0") }
        do {
            _ = try calculator.evaluate("2 + banana")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("2 + banana"))
        }
    }

    @Test("questions in words give exact answers", arguments: [
        ("What is 15% of 80?", "12"), ("12 times 7", "84"), ("what is the square root of 144", "12"), ("100 divided by 8", "12.5"),
        ("7 plus 8 minus 3", "12"), ("what is 10!", "3628800"),
    ])
    func words(_ query: String, _ expected: String) throws {
        let result = try #require(router.route(query).calculation)
        #expect(Calculator.format(result.value) == expected)
    }

    @Test("unit conversions", arguments: [
        ("convert 5 km to miles", 3.10685596, "mi"), ("How many feet in a mile?", 5280, "ft"), ("100 fahrenheit to celsius", 37.7777778, "°C"),
        ("10 kg in pounds", 22.0462262, "lb"), ("3.5 GB in MB", 3500, "MB"), ("how many seconds in a day", 86400, "s"),
        ("0 kelvin in celsius", -273.15, "°C"), ("60 mph to km/h", 96.56064, "km/h"),
    ])
    func conversions(_ query: String, _ expected: Double, _ unit: String) throws {
        let result = try #require(router.route(query).calculation, "not routed to the calculator: \(query)")
        #expect(abs(result.value - expected) < 1e-5)
        #expect(result.unit == unit)
    }

    @Test("arithmetic with no value is the calculator's to report, with the reason; nothing is retrieved", arguments: [
        ("What is 1/0?", "division by zero"), ("what is 10 divided by 0", "division by zero"), ("10 mod 0", "modulo by zero"),
        ("what is 2 +", "the expression ends too early"), ("sqrt(-1)", "is undefined"),
    ])
    func noValue(_ query: String, _ reason: String) {
        let decision = router.route(query)
        #expect(decision.route == .calculator)
        #expect(decision.calculation == nil)
        #expect(decision.calculationError?.contains(reason) == true, "\(String(describing: decision.calculationError))")
    }

    @Test("incompatible units are refused")
    func incompatible() {
        #expect(throws: GroundingError.self) { try UnitConverter().convert(1, from: "kg", to: "km") }
        #expect(router.route("convert 5 kg to km").route == .knowledge)
    }

    @Test("numbers inside knowledge questions are not calculations")
    func notArithmetic() {
        for query in ["What happened in 1990-1995?", "What is 2021 revenue?", "Who won in 2016?", "How many points did Carolina score?"] {
            #expect(router.route(query).route == .knowledge, "\(query)")
        }
    }
}
