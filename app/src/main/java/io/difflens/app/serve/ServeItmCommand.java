package io.difflens.app.serve;

import io.difflens.featureextractor.itm.ItmService;
import io.difflens.featureextractor.itm.ItmSettings;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;

/** {@code difflens serve itm}: image-text matching, itm.requests to itm.scores. */
@Command(name = "itm", mixinStandardHelpOptions = true,
        description = {"Image-text matching: score the images x texts of itm.requests with the UNet's cross-attention "
                + "and publish the matrices to itm.scores, exactly once.",
                "Keys: itm.group.id, itm.transactional.id, itm.max.images, itm.max.texts, itm.max.timesteps, "
                        + "itm.max.image.bytes, itm.max.image.side, itm.follow.adapters (false)."})
public final class ServeItmCommand extends ModelServiceCommand {
    @Override
    Running start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                  ProcessorListener listener) {
        ItmService s = ItmService.start(config, registry, bundle, ItmSettings.from(config.values()), listener);
        return new Running(s, s::isRunning);
    }
}
