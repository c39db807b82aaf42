package io.difflens.answerer;

import java.time.Clock;
import java.util.Objects;

import io.difflens.answerer.internal.AnswerStep;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.Answerer;
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
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.schemas.VisualFeatures;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;

/**
 * The answerer service: {@code vqa.features} in, {@code vqa.answers} (or each request's reply topic) out,
 * exactly once. Every answer names the bundle, the adapter version the features were extracted with (LoRA
 * adapters act on the UNet, so the extractor's adapter is the one that shaped the answer) and the time spent
 * per stage. Scale out by starting more instances with the same group id.
 */
public final class AnswererService implements AutoCloseable {

    private final TransactionalProcessor<String, byte[], String, GenericContainer> processor;

    private AnswererService(TransactionalProcessor<String, byte[], String, GenericContainer> processor) {
        this.processor = processor;
    }

    /** Starts one instance over {@code bundle}. */
    public static AnswererService start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                                        AnswererSettings settings, ProcessorListener listener) {
        Objects.requireNonNull(bundle, "bundle");
        TopicCatalog topics = config.topics();
        AnswerStep step = new AnswerStep(bundle, new Answerer(bundle), new AvroDeserializer<>(registry,
                VisualFeatures.class), topics.name(EventTopic.VQA_ANSWERS), topics.name(EventTopic.DEAD_LETTERS),
                settings.maxNewTokens(), Clock.systemUTC());
        DeadLetterRouter deadLetters = new DeadLetterRouter(topics.name(EventTopic.DEAD_LETTERS),
                new AvroDeadLetters(new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false)),
                Clock.systemUTC());
        TransactionalProcessor.Builder<String, byte[], String, GenericContainer> b = TransactionalProcessor
                .builder(topics.topic(EventTopic.VQA_FEATURES, Serdes.String(), Serdes.ByteArray()),
                        new StringSerializer(), new AvroSerializer<GenericContainer>(registry,
                                AvroSerdeConfig.defaults(), false), step)
                .kafka(config.kafka())
                .groupId(settings.groupId())
                .deadLetters(deadLetters)
                .stage("answerer")
                .processing(config.processing())
                .listener(listener);
        settings.transactionalId().ifPresent(b::transactionalId);
        return new AnswererService(b.build().start());
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
    }
}
