package io.difflens.app.serve;

import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.ExtractorSettings;
import io.difflens.featureextractor.FeatureExtractorService;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;

/** {@code difflens serve feature-extractor}: vqa.requests to vqa.features. */
@Command(name = "feature-extractor", mixinStandardHelpOptions = true,
        description = {"Extract question-aware visual features: vqa.requests -> vqa.features, exactly once.",
                "Keys: extractor.group.id, extractor.transactional.id, extractor.features.dtype, extractor.max.image.*."})
public final class ServeFeatureExtractorCommand extends ModelServiceCommand {
    @Override
    Running start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                  ProcessorListener listener) {
        FeatureExtractorService s = FeatureExtractorService.start(config, registry, bundle,
                ExtractorSettings.from(config.values(), ExtractorMode.FEATURES), listener);
        return new Running(s, s::isRunning);
    }
}
