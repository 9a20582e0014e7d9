import Testing
import SchedulerCore

struct DigitGroupingTests {
    @Test(arguments: [
        (0, "0"), (7, "7"), (999, "999"), (1_000, "1,000"), (1_620, "1,620"), (86_072, "86,072"),
        (1_234_567, "1,234,567"), (-1_000, "-1,000"), (-12, "-12"), (Int.min, "-9,223,372,036,854,775,808"),
    ])
    func integers(value: Int, text: String) {
        #expect(DigitGrouping.grouped(value) == text)
    }
}
