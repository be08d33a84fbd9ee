import ArgumentParser
import HighNeeds

/// `--year` and `--financial-year`, one meaning each: `--year Y` is always the January of a
/// count (as in `ratios` and `benchmark`), `--financial-year Y` a financial year by the
/// calendar year it starts in (2027 = 2027-28; `2027-28` is read too). `explain`, and
/// `solve` and `sweep report` for money metrics, read a financial year; they still take
/// `--year` there, its old meaning, with a warning naming the new flag.
struct FinancialYearArgument {
    var start: Int

    /// Reads `--financial-year`'s value, or says what it expected.
    static func parse(_ argument: String) throws -> FinancialYearArgument {
        guard let year = FinancialYearArgument(argument: argument) else {
            throw ValidationError("expected a financial year such as 2027 or 2027-28 (April 2027 to March 2028)")
        }
        return year
    }

    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, let start = Int(parts[0]), start > 0 else {
            return nil
        }
        if parts.count == 2 {
            guard parts[1].count == 2, let end = Int(parts[1]), end == (start + 1) % 100 else { return nil }
        }
        self.start = start
    }
}

enum YearOptions {
    static let financialYearHelp =
        "A financial year, by the calendar year it starts in (2027 = 2027-28; `2027-28` also reads)."

    /// The financial year a command reads (`explain`): `--financial-year`, or `--year` in its
    /// old meaning, with a warning.
    static func financialYear(year: Int?, financialYear: FinancialYearArgument?, what: String) throws -> Int {
        switch (year, financialYear) {
        case (let year?, _?):
            throw fail(
                "--year \(year) and --financial-year: both given; \(what) is read in a financial year: give only --financial-year (e.g. --financial-year \(year) for \(FinancialYear(year)))."
            )
        case (nil, let given?):
            return given.start
        case (let year?, nil):
            warn(
                "warning: --year \(year) for \(what) is read as the financial year \(FinancialYear(year)); say --financial-year \(year)"
            )
            return year
        case (nil, nil):
            throw fail(
                "--financial-year: missing; \(what) is read in a financial year: give it by the year it starts in (e.g. --financial-year 2027 for 2027-28)."
            )
        }
    }

    /// The year `metric` is read in: a financial year's first year for money (`--financial-year`,
    /// or `--year` in its old meaning, with a warning), a January for the rest (`--year`). A
    /// name that is no metric takes whichever is given.
    static func year(for metric: String, year: Int?, financialYear: FinancialYearArgument?) throws -> Int {
        guard let known = Metric(rawValue: metric) else {
            guard let only = year ?? financialYear?.start, year == nil || financialYear == nil else {
                throw fail("--year and --financial-year: give one (--metric \(metric) is not a metric hnf knows).")
            }
            return only
        }
        if known.isMoney {
            return try self.financialYear(year: year, financialYear: financialYear, what: "a money metric (\(metric))")
        }
        if let financialYear {
            throw fail(
                "--financial-year \(FinancialYear(financialYear.start)): \(metric) is a count, read in a January, not a financial year; give --year with the January (e.g. --year \(financialYear.start + 1), the January in \(FinancialYear(financialYear.start)))."
            )
        }
        guard let year else {
            throw fail(
                "--year: missing; \(metric) is a count, read in a January: give --year with it (e.g. --year 2028).")
        }
        return year
    }

    static func warn(_ message: String) {
        StandardStreams.error(message + "\n")
    }
}

/// The metric a command reads and when: `--metric`, with `--year` for a count or
/// `--financial-year` for money (`solve`, `sweep report`).
struct MetricAndYear: ParsableArguments {
    @Option(help: "The metric: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: String

    @Option(help: "The January, for a count (plans, mainstream_share, special_share).")
    var year: Int?

    @Option(
        name: .customLong("financial-year"),
        help: ArgumentHelp(
            "The financial year, for money (in_year_balance, cumulative_balance, spend, income), by the calendar year it starts in (2027 = 2027-28; `2027-28` also reads).",
            valueName: "year"),
        transform: FinancialYearArgument.parse)
    var financialYear: FinancialYearArgument?

    func validate() throws {
        guard Metric(rawValue: metric) != nil else {
            throw ValidationError(
                "--metric \(metric): expected one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
    }

    /// The January or financial year the metric is read at, refused where the flag does not fit it.
    func resolvedYear() throws -> Int {
        try YearOptions.year(for: metric, year: year, financialYear: financialYear)
    }
}
