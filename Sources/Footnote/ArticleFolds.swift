/// Two-fold cross-validation by article, shared by the calibrators: the articles (groups), sorted by
/// name, alternate between two folds; each sample is judged by what was fitted on the other fold only.
package enum ArticleFolds {
    /// Every sample paired with the model `fit` returned for the samples of the other fold.
    package static func heldOut<Sample, Model>(_ samples: [Sample], group: (Sample) -> String, fit: ([Sample]) -> Model) -> [(Sample, Model)] {
        let groups = Array(Set(samples.map(group))).sorted()
        let foldOf = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($0.element, $0.offset % 2) })
        var judged: [(Sample, Model)] = []
        for fold in 0..<2 {
            let model = fit(samples.filter { foldOf[group($0)] != fold })
            judged += samples.filter { foldOf[group($0)] == fold }.map { ($0, model) }
        }
        return judged
    }
}
