package io.difflens.app.serve;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.trainer.online.OnlineTrainerService;
import io.difflens.trainer.online.OnlineTrainerSettings;
import picocli.CommandLine.Command;

/** {@code difflens serve trainer}: online LoRA training, training.examples to model.adapters. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {"Online LoRA trainer: train a LoRA adapter on the UNet's cross-attention from "
                + "training.examples and release it on model.adapters whenever its held-out loss improves.",
                "Keys: trainer.adapter.id, trainer.group.id, trainer.lora.rank, trainer.lora.alpha, "
                        + "trainer.learning.rate, trainer.micro.batch, trainer.eval.every.steps, trainer.heldout.size, "
                        + "trainer.caption.dropout, trainer.word.deletion, trainer.auto.promote, trainer.resume, "
                        + "trainer.seed."})
public final class ServeTrainerCommand extends ModelServiceCommand {
    @Override
    Running start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                  ProcessorListener listener) {
        OnlineTrainerService s = OnlineTrainerService.start(config, registry, bundle,
                OnlineTrainerSettings.from(config.values()), listener);
        return new Running(s, s::isRunning);
    }
}
