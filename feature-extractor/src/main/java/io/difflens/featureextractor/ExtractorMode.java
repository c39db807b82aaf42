package io.difflens.featureextractor;

/** What the feature-extractor service publishes. */
public enum ExtractorMode {
    /** {@code VisualFeatures} to {@code vqa.features}, for a separate answerer. */
    FEATURES,
    /**
     * Runs the answerer in the same process and publishes {@code VqaAnswer}s straight to {@code vqa.answers}:
     * features never cross the network.
     */
    COLOCATED
}
