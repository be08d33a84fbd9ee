import HNFCore
// The layers below, for the command line and the tests (temporary while the layers are split).
@_exported import HNFCore
import HNFScenario
@_exported import HNFScenario
