package io.difflens.app.serve;

import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.ExtractorSettings;
import io.difflens.featureextractor.FeatureExtractorService;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;

/** {@code difflens serve colocated}: vqa.requests to vqa.answers in one process. */
@Command(name = "colocated", mixinStandardHelpOptions = true,
        description = {"Extract features and answer in the same process: vqa.requests -> vqa.answers, exactly once.",
                "Features never cross the network. Keys as for feature-extractor."})
public final class ServeColocatedCommand extends ModelServiceCommand {
    @Override
    Running start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                  ProcessorListener listener) {
        FeatureExtractorService s = FeatureExtractorService.start(config, registry, bundle,
                ExtractorSettings.from(config.values(), ExtractorMode.COLOCATED), listener);
        return new Running(s, s::isRunning);
    }
}
