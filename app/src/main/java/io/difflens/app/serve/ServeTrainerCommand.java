package io.difflens.app.serve;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.ingest.kafka.RegistryClients;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.trainer.online.OnlineTrainerService;
import io.difflens.trainer.online.OnlineTrainerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code difflens serve trainer}: online LoRA training, {@code training.examples} to {@code model.adapters}. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = {"Serve the online LoRA trainer: train a LoRA adapter on the UNet's cross-attention from "
        + "training.examples and release it on model.adapters whenever its held-out loss improves.",
        "Keys: trainer.adapter.id, trainer.group.id, trainer.lora.rank, trainer.lora.alpha, trainer.learning.rate, "
            + "trainer.micro.batch, trainer.eval.every.steps, trainer.heldout.size, trainer.caption.dropout, "
            + "trainer.word.deletion, trainer.auto.promote, trainer.resume, trainer.seed."})
public final class ServeTrainerCommand implements Callable<Outcome> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--bundle", paramLabel = "DIR", required = true, description = "Base model bundle directory.")
  Path bundle;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    PlatformConfig config = cluster.load();
    OnlineTrainerSettings settings = OnlineTrainerSettings.from(config.values());
    ModelBundle loaded = ModelBundle.load(bundle);
    HttpSchemaRegistryClient registry = RegistryClients.from(config.registry());
    OnlineTrainerService service = OnlineTrainerService.start(config, registry, loaded, settings,
        ProcessorListener.NONE);
    PrintWriter out = spec.commandLine().getOut();
    out.println("bundle=" + loaded.config().id() + " adapter=" + settings.adapterId());
    out.println("ready");
    out.flush();
    AwaitShutdown.blockUntilTerminated(() -> {
      service.close();
      loaded.close();
      out.println("stopped");
      out.flush();
    });
    return Outcome.OK;
  }
}
