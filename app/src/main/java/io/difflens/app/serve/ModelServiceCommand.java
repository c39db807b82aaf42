package io.difflens.app.serve;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.app.local.Bundles;
import io.difflens.ingest.kafka.RegistryClients;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.registry.SchemaRegistryClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the model-serving commands share: cluster options, the bundle, printing {@code ready}, running until
 * SIGTERM and closing the service (which finishes its batch in flight) from the shutdown hook.
 */
abstract class ModelServiceCommand implements Callable<Outcome> {

    @Mixin ClusterOptions cluster;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Model bundle; default zoo/tiny, else a random micro bundle.")
    Path bundleDir;

    @Spec CommandSpec spec;

    /** Starts the service. */
    abstract AutoCloseable start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle);

    @Override
    public Outcome call() throws Exception {
        PlatformConfig config = cluster.load();
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle bundle = Bundles.resolve(bundleDir, Files.createTempDirectory("difflens-serve-"),
                spec.commandLine().getErr());
        AutoCloseable service;
        try {
            service = start(config, RegistryClients.from(config.registry()), bundle);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
        out.println("service=" + spec.name());
        out.println("bundle=" + bundle.config().id() + "@" + bundle.config().version());
        out.println("ready");
        out.flush();
        AwaitShutdown.blockUntilTerminated(() -> {
            try {
                service.close();
            } catch (Exception e) {
                spec.commandLine().getErr().println("difflens serve: " + e);
            }
            bundle.close();
            out.println("stopped");
            out.flush();
        });
        return Outcome.OK;
    }
}
