/// The SEN2 primary-need columns a stock-by-need table carries (codes as SEN2 spells them).
package enum NeedsColumns {
    package static let all: Set<String> = [
        "asd", "slcn", "semh", "mld", "sld", "pmld", "spld", "hi", "vi", "msi", "pd", "oth", "need_unknown",
    ]
}
