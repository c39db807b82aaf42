package io.difflens.featureextractor;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.difflens.featureextractor.internal.ExtractStep;
import io.difflens.featureextractor.internal.RequestPlanner;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.KafkaClientConfig;
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
import io.difflens.schemas.VqaRequest;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;

/**
 * The feature-extractor service: {@code vqa.requests} in, {@code vqa.features} out (or, co-located,
 * {@code vqa.answers} out), exactly once. Requests are read as raw bytes and decoded inside the batch, so
 * an undecodable request still gets a {@code REJECTED} answer (its key is the request id) and a dead
 * letter. Scale out by starting more instances with the same group id.
 *
 * <pre>{@code
 * try (var service = FeatureExtractorService.start(config, registry, bundle,
 *         ExtractorSettings.defaults(ExtractorMode.COLOCATED), ProcessorListener.NONE)) {
 *     service.termination().block();
 * }
 * }</pre>
 */
public final class FeatureExtractorService implements AutoCloseable {

    private final TransactionalProcessor<String, byte[], String, GenericContainer> processor;
    private final AdapterFollower adapters;

    private FeatureExtractorService(TransactionalProcessor<String, byte[], String, GenericContainer> processor,
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
     * @param settings mode, group, limits
     * @param listener processor callbacks (metrics, tests)
     */
    public static FeatureExtractorService start(PlatformConfig config, SchemaRegistryClient registry,
                                                ModelBundle bundle, ExtractorSettings settings,
                                                ProcessorListener listener) {
        Objects.requireNonNull(bundle, "bundle");
        TopicCatalog topics = config.topics();
        AdapterFollower adapters = settings.followAdapters()
                ? AdapterFollower.start(config.kafka(), topics.name(EventTopic.MODEL_ADAPTERS), registry, bundle)
                : null;
        try {
            FeatureExtractor extractor = new FeatureExtractor(bundle);
            RequestPlanner planner = new RequestPlanner(bundle, extractor, settings.limits());
            boolean colocated = settings.mode() == ExtractorMode.COLOCATED;
            Answerer answerer = colocated ? new Answerer(bundle) : null;
            Answerer concat = colocated ? Answerer.variant(bundle, ModelBundle.CONCAT_ANSWERER).orElse(null) : null;
            ExtractStep step = new ExtractStep(
                    new ExtractStep.Routing(settings.mode(), bundle.config().id(), topics.name(EventTopic.VQA_FEATURES),
                            topics.name(EventTopic.VQA_ANSWERS), topics.name(EventTopic.DEAD_LETTERS),
                            settings.featureType()),
                    planner, extractor, answerer, concat, new AvroDeserializer<>(registry, VqaRequest.class),
                    adapters == null ? Optional::empty : adapters::current, Clock.systemUTC());
            Topic<String, byte[]> input = topics.topic(EventTopic.VQA_REQUESTS, Serdes.String(), Serdes.ByteArray());
            AvroSerializer<GenericContainer> values = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
            DeadLetterRouter deadLetters = new DeadLetterRouter(topics.name(EventTopic.DEAD_LETTERS),
                    new AvroDeadLetters(new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false)),
                    Clock.systemUTC());
            TransactionalProcessor.Builder<String, byte[], String, GenericContainer> b = TransactionalProcessor
                    .builder(input, new StringSerializer(), values, step)
                    .kafka(withMaxRequestSize(config.kafka(), topics.spec(EventTopic.VQA_FEATURES).maxMessageBytes()))
                    .groupId(settings.groupId())
                    .deadLetters(deadLetters)
                    .stage("feature-extractor")
                    .processing(config.processing())
                    .listener(listener);
            settings.transactionalId().ifPresent(b::transactionalId);
            return new FeatureExtractorService(b.build().start(), adapters);
        } catch (RuntimeException e) {
            if (adapters != null) {
                adapters.close();
            }
            throw e;
        }
    }

    /** Features are large records: let the producer send up to the topic's limit unless configured. */
    static KafkaClientConfig withMaxRequestSize(KafkaClientConfig k, int bytes) {
        Map<String, String> producer = new HashMap<>(k.producer());
        producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(bytes));
        return new KafkaClientConfig(k.bootstrapServers(), k.common(), producer, k.consumer(), k.streams(), k.admin());
    }

    /** The adapter the next batch will use, if any. */
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
