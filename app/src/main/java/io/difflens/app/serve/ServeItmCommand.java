package io.difflens.app.serve;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.featureextractor.itm.ItmService;
import io.difflens.featureextractor.itm.ItmSettings;
import io.difflens.ingest.kafka.RegistryClients;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code difflens serve itm}: image-text matching, {@code itm.requests} to {@code itm.scores}. */
@Command(name = "itm", mixinStandardHelpOptions = true,
    description = {"Serve image-text matching: score the images x texts of itm.requests with the bundle's UNet "
        + "cross-attention and publish the matrices to itm.scores, exactly once.",
        "Keys: itm.group.id, itm.transactional.id, itm.max.images, itm.max.texts, itm.max.timesteps, "
            + "itm.max.image.bytes, itm.max.image.side, itm.follow.adapters (false)."})
public final class ServeItmCommand implements Callable<Outcome> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--bundle", paramLabel = "DIR", required = true, description = "Model bundle directory.")
  Path bundle;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    PlatformConfig config = cluster.load();
    ItmSettings settings = ItmSettings.from(config.values());
    ModelBundle loaded = ModelBundle.load(bundle);
    HttpSchemaRegistryClient registry = RegistryClients.from(config.registry());
    ItmService service = ItmService.start(config, registry, loaded, settings, ProcessorListener.NONE);
    PrintWriter out = spec.commandLine().getOut();
    out.println("bundle=" + loaded.config().id() + " group=" + settings.groupId());
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
