package io.difflens.app.serve;

import io.difflens.answerer.AnswererService;
import io.difflens.answerer.AnswererSettings;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;

/** {@code difflens serve answerer}: vqa.features to vqa.answers. */
@Command(name = "answerer", mixinStandardHelpOptions = true,
        description = {"Answer from visual features: vqa.features -> vqa.answers, exactly once.",
                "Keys: answerer.group.id, answerer.transactional.id, answerer.max.new.tokens."})
public final class ServeAnswererCommand extends ModelServiceCommand {
    @Override
    Running start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                  ProcessorListener listener) {
        AnswererService s = AnswererService.start(config, registry, bundle, AnswererSettings.from(config.values()),
                listener);
        return new Running(s, s::isRunning);
    }
}
