package io.difflens.featureextractor.itm;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import io.difflens.featureextractor.ActiveAdapter;
import io.difflens.featureextractor.AdapterFollower;
import io.difflens.featureextractor.itm.internal.ItmPlanner;
import io.difflens.featureextractor.itm.internal.ItmStep;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.AttentionMatcher;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.deadletter.DeadLetterRouter;
import io.difflens.platform.events.AvroDeadLetters;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.reactive.TransactionalProcessor;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.Topic;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.schemas.ItmRequest;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;

/**
 * The image-text matching service (paper §4): {@code itm.requests} in, {@code itm.scores} out, exactly once.
 * Each request's images × texts score matrix comes from the bundle's {@link AttentionMatcher} with the
 * request's options over the bundle's defaults. An invalid request gets a {@code REJECTED} score record
 * with the reason and a dead letter; a model failure a {@code FAILED} one and a dead letter. Scale out by
 * starting more instances with the same group id.
 *
 * <pre>{@code
 * try (var service = ItmService.start(config, registry, bundle, ItmSettings.defaults(), ProcessorListener.NONE)) {
 *     service.termination().block();
 * }
 * }</pre>
 */
public final class ItmService implements AutoCloseable {

    private final TransactionalProcessor<String, byte[], String, GenericContainer> processor;
    private final AdapterFollower adapters;

    private ItmService(TransactionalProcessor<String, byte[], String, GenericContainer> processor,
                       AdapterFollower adapters) {
        this.processor = processor;
        this.adapters = adapters;
    }

    /**
     * Starts one instance.
     *
     * @param config   cluster, topics and batching
     * @param registry schema registry client (shared, thread-safe)
     * @param bundle   the loaded model bundle (may be shared with other services of the process)
     * @param settings group, limits, adapter following
     * @param listener processor callbacks (metrics, tests)
     */
    public static ItmService start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                                   ItmSettings settings, ProcessorListener listener) {
        Objects.requireNonNull(bundle, "bundle");
        TopicCatalog topics = config.topics();
        AdapterFollower adapters = settings.followAdapters()
                ? AdapterFollower.start(config.kafka(), topics.name(EventTopic.MODEL_ADAPTERS), registry, bundle)
                : null;
        try {
            AttentionMatcher matcher = new AttentionMatcher(bundle);
            ItmStep step = new ItmStep(
                    new ItmStep.Routing(bundle.config().id(), topics.name(EventTopic.ITM_SCORES),
                            topics.name(EventTopic.DEAD_LETTERS)),
                    new ItmPlanner(bundle, matcher.defaults(), settings.limits()), matcher,
                    new AvroDeserializer<>(registry, ItmRequest.class),
                    adapters == null ? Optional::empty : adapters::current, Clock.systemUTC());
            Topic<String, byte[]> input = topics.topic(EventTopic.ITM_REQUESTS, Serdes.String(), Serdes.ByteArray());
            DeadLetterRouter deadLetters = new DeadLetterRouter(topics.name(EventTopic.DEAD_LETTERS),
                    new AvroDeadLetters(new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false)),
                    Clock.systemUTC());
            TransactionalProcessor.Builder<String, byte[], String, GenericContainer> b = TransactionalProcessor
                    .builder(input, new StringSerializer(),
                            new AvroSerializer<GenericContainer>(registry, AvroSerdeConfig.defaults(), false), step)
                    .kafka(config.kafka())
                    .groupId(settings.groupId())
                    .deadLetters(deadLetters)
                    .stage("itm")
                    .processing(config.processing())
                    .listener(listener);
            settings.transactionalId().ifPresent(b::transactionalId);
            return new ItmService(b.build().start(), adapters);
        } catch (RuntimeException e) {
            if (adapters != null) {
                adapters.close();
            }
            throw e;
        }
    }

    /** The adapter the next batch will score with, if any. */
    public Optional<ActiveAdapter> activeAdapter() {
        return adapters == null ? Optional.empty() : adapters.current();
    }

    /** Completes when the service stops; fails if it stopped on a fatal error. */
    public Mono<Void> termination() {
        return processor.termination();
    }

    /** Whether the processing thread runs. */
    public boolean isRunning() {
        return processor.isRunning();
    }

    /** Finishes the batch in flight, then stops. */
    @Override
    public void close() {
        processor.close();
        if (adapters != null) {
            adapters.close();
        }
    }
}
