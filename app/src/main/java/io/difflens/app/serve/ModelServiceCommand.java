package io.difflens.app.serve;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.app.local.Bundles;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.observability.Health;
import io.difflens.platform.observability.ObservabilityServer;
import io.difflens.platform.observability.ProcessorMetrics;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.RegistryClients;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the model-serving commands share: cluster options, the bundle, {@code /health} and {@code /metrics}
 * ({@code http.port}), printing {@code ready}, running until SIGTERM and closing the service (which finishes its batch in flight) from the shutdown hook.
 */
abstract class ModelServiceCommand implements Callable<Outcome> {

    @Mixin ClusterOptions cluster;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Model bundle; default zoo/tiny, else a random micro bundle.")
    Path bundleDir;

    @Spec CommandSpec spec;

    /** A started service and whether its processing thread still runs (for {@code /health}). */
    record Running(AutoCloseable service, BooleanSupplier alive) {
    }

    /** Starts the service, reporting to {@code listener}. */
    abstract Running start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                           ProcessorListener listener);

    @Override
    public Outcome call() throws Exception {
        PlatformConfig config = cluster.load();
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle bundle = Bundles.resolve(bundleDir, Files.createTempDirectory("difflens-serve-"),
                spec.commandLine().getErr());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Running running;
        try {
            running = start(config, RegistryClients.from(config.registry()), bundle,
                    new ProcessorMetrics(meters, spec.name()));
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
        AutoCloseable service = running.service();
        ObservabilityServer http = ObservabilityServer.builder(config.http(), meters)
                .check("processor", () -> running.alive().getAsBoolean() ? Health.up("processing")
                        : Health.down("the processing thread stopped (see the log)"))
                .start();
        out.println("service=" + spec.name());
        out.println("http=" + http.port());
        out.println("bundle=" + bundle.config().id() + "@" + bundle.config().version());
        out.println("ready");
        out.flush();
        AwaitShutdown.blockUntilTerminated(() -> {
            http.close();
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
