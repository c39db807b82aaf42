package io.difflens.app.ask;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.app.local.AnswerFeed;
import io.difflens.app.local.Bundles;
import io.difflens.app.local.LocalPipeline;
import io.difflens.app.local.ScratchDir;
import io.difflens.datasets.ImageFormat;
import io.difflens.ingest.kafka.EventProducer;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.registry.RegistryClients;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.FeatureMode;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code difflens ask}: one question about one image. With a cluster named ({@code --bootstrap}, a
 * configuration file or {@code DIFFLENS_KAFKA_BOOTSTRAP_SERVERS}) it publishes the request there and waits for
 * the answer from the services running on it. Without one it starts a throw-away local stack with one
 * co-located worker, asks, and stops it again: what a newcomer tries first works with nothing running.
 * The answer text goes to stdout, its status and timings to stderr.
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Ask one question about one image and print the answer.",
                "Without --bootstrap (or a config naming a cluster) a temporary local stack is started for the call."})
public final class AskCommand implements Callable<Outcome> {

    @Option(names = "--image", paramLabel = "FILE", required = true, description = "PNG or JPEG image.")
    Path image;

    @Option(names = "--question", paramLabel = "TEXT", required = true, description = "The question.")
    String question;

    @Option(names = "--caption", paramLabel = "TEXT", description = "A caption or pseudo-caption added to the UNet's text.")
    String caption;

    @Option(names = "--feature-mode", paramLabel = "MODE", description = "UNCOND, COND, CFG or CONCAT; default the bundle's.")
    FeatureMode featureMode;

    @Option(names = "--guidance-scale", paramLabel = "W", description = "CFG scale.")
    Float guidanceScale;

    @Option(names = "--timestep", paramLabel = "T", description = "Diffusion timestep.")
    Integer timestep;

    @Option(names = "--seed", paramLabel = "S", description = "Noise seed.")
    Long seed;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "Answer length limit.")
    Integer maxNewTokens;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Bundle of the local stack; default zoo/tiny, else a random micro bundle.")
    Path bundleDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT2M", description = "How long to wait; default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin ClusterOptions cluster;

    @Spec CommandSpec spec;

    @Override
    public Outcome call() throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        VqaRequest request = VqaRequest.newBuilder()
                .setId("ask-" + UUID.randomUUID())
                .setImage(InlineImage.newBuilder().setData(ByteBuffer.wrap(bytes))
                        .setMediaType(mediaType(bytes)).build())
                .setPrompt(question)
                .setCaption(caption)
                .setOptions(options())
                .setTraceContext(Map.of())
                .setCreatedAt(Instant.now())
                .build();
        if (cluster.namesCluster()) {
            PlatformConfig config = cluster.load();
            return ask(config, RegistryClients.from(config.registry()), request);
        }
        PrintWriter err = spec.commandLine().getErr();
        try (ScratchDir scratch = ScratchDir.create("difflens-ask-")) {
            return askLocally(scratch.path(), request, err);
        }
    }

    private Outcome askLocally(Path dir, VqaRequest request, PrintWriter err) throws Exception {
        err.println("difflens ask: no cluster given; starting a temporary local stack in " + dir);
        err.flush();
        try (ModelBundle bundle = Bundles.resolve(bundleDir, dir, err);
             LocalPipeline pipeline = LocalPipeline.start(dir.resolve("stack"), cluster.overrides(), bundle,
                     new LocalPipeline.Layout(1, true))) {
            return ask(pipeline.config(), pipeline.registry(), request);
        }
    }

    private Outcome ask(PlatformConfig config, SchemaRegistryClient registry, VqaRequest asked) throws Exception {
        // created now, not when the command started: end_to_end should not count the local stack's start-up
        VqaRequest request = VqaRequest.newBuilder(asked).setCreatedAt(Instant.now()).build();
        CompletableFuture<VqaAnswer> reply = new CompletableFuture<>();
        try (AnswerFeed feed = AnswerFeed.start(config.kafka(), registry, config.topics().name(EventTopic.VQA_ANSWERS),
                false, a -> {
                    if (a.getRequestId().equals(request.getId())) {
                        reply.complete(a);
                    }
                });
             EventProducer producer = new EventProducer(config.kafka(), config.topics(), registry, "difflens-ask")) {
            producer.sendAsync(EventTopic.VQA_REQUESTS, request.getId(), request).get(30, TimeUnit.SECONDS);
            VqaAnswer answer;
            try {
                answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("no answer to " + request.getId() + " within " + timeout
                        + " (are the feature-extractor and answerer services running?)");
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            err.println("request=" + request.getId() + " status=" + answer.getStatus() + " bundle="
                    + answer.getBundleId() + " adapter=" + answer.getAdapterVersion() + " timings_ms="
                    + answer.getTimings());
            err.flush();
            if (answer.getStatus() == AnswerStatus.OK) {
                out.println(answer.getText());
                out.flush();
                return Outcome.OK;
            }
            err.println(answer.getStatus() + ": " + answer.getError());
            err.flush();
            return Outcome.PARTIAL;
        }
    }

    private RequestOptions options() {
        if (featureMode == null && guidanceScale == null && timestep == null && seed == null && maxNewTokens == null) {
            return null;
        }
        return RequestOptions.newBuilder().setFeatureMode(featureMode).setGuidanceScale(guidanceScale)
                .setTimestep(timestep).setSeed(seed).setMaxNewTokens(maxNewTokens).build();
    }

    private static String mediaType(byte[] bytes) {
        try {
            return ImageFormat.sniff(bytes).mediaType();
        } catch (IllegalArgumentException e) {
            return "application/octet-stream"; // the extractor rejects it with a reason
        }
    }
}
