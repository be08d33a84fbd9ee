// hnf's library in one import, as swift-collections' `Collections` is: the five layers,
// each a target that may import only those below it (README.md).
@_exported import HNFCore
@_exported import HNFEngine
@_exported import HNFFunding
@_exported import HNFScenario
@_exported import HNFStudies
