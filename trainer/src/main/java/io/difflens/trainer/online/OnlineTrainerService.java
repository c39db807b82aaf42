package io.difflens.trainer.online;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.difflens.models.bundle.ModelBundle;
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
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.schemas.AdapterRelease;
import io.difflens.schemas.TrainingExample;
import io.difflens.trainer.online.internal.CaptionAugmenter;
import io.difflens.trainer.online.internal.DenoisingLoraTrainer;
import io.difflens.trainer.online.internal.ExampleReader;
import io.difflens.trainer.online.internal.ReleaseHistory;
import io.difflens.trainer.online.internal.TrainStep;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The online LoRA trainer: {@code training.examples} in, {@link AdapterRelease}s on {@code model.adapters}
 * out. It trains a LoRA adapter on the UNet's cross-attention with the denoising objective conditioned on
 * each example's caption (or a question drawn from its conversation), keeps the first examples as a
 * held-out buffer, and releases the adapter whenever the held-out loss improves; feature extractors and
 * matchers following {@code model.adapters} then switch to it.
 *
 * <p>Guarantees: the offsets of consumed examples are committed, in one Kafka transaction with any release,
 * only after the examples were trained on; a crash before the commit replays them (at-least-once training).
 * Releases are exactly once and their versions increase: at start the trainer reads its newest release and
 * continues from its version number and weights. Run one instance per adapter id (several would train
 * different partitions into competing releases of the same id).
 */
public final class OnlineTrainerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineTrainerService.class);

    private final TransactionalProcessor<String, byte[], String, GenericContainer> processor;
    private final TrainStep step;
    private final DenoisingLoraTrainer trainer;

    private OnlineTrainerService(TransactionalProcessor<String, byte[], String, GenericContainer> processor,
                                 TrainStep step, DenoisingLoraTrainer trainer) {
        this.processor = processor;
        this.step = step;
        this.trainer = trainer;
    }

    /**
     * Starts the trainer.
     *
     * @param config   cluster, topics and batching ({@code processing.batch.size} examples per consumed batch)
     * @param registry schema registry client
     * @param bundle   the base bundle; the adapter in training is registered in it (give the trainer its own)
     * @param settings adapter, LoRA and schedule
     * @param listener processor callbacks (metrics, tests)
     */
    public static OnlineTrainerService start(PlatformConfig config, SchemaRegistryClient registry, ModelBundle bundle,
                                             OnlineTrainerSettings settings, ProcessorListener listener) {
        Objects.requireNonNull(bundle, "bundle");
        TopicCatalog topics = config.topics();
        String adaptersTopic = topics.name(EventTopic.MODEL_ADAPTERS);
        String bundleId = bundle.config().id();
        Optional<AdapterRelease> last = settings.resume()
                ? ReleaseHistory.latest(config.kafka(), adaptersTopic, new AvroDeserializer<>(registry,
                        AdapterRelease.class), settings.adapterId(), bundleId, Duration.ofSeconds(60))
                : Optional.empty();
        DenoisingLoraTrainer trainer = new DenoisingLoraTrainer(bundle, settings.adapterId() + "@training",
                settings.lora(), settings.learningRate(), settings.seed());
        try {
            if (last.isPresent() && last.get().getPayload() != null) {
                resume(trainer, last.get());
            }
            long firstVersion = last.map(r -> ReleaseHistory.number(r) + 1).orElse(1L);
            TrainStep step = new TrainStep(
                    new TrainStep.Plan(settings.adapterId(), bundleId, adaptersTopic,
                            topics.name(EventTopic.DEAD_LETTERS), settings.microBatch(), settings.evalEvery(),
                            settings.heldOutSize(), settings.autoPromote(),
                            new CaptionAugmenter(settings.captionDropout(), settings.wordDeletion()), settings.seed()),
                    trainer, new ExampleReader(bundle.config().imageSize(), settings.maxImageBytes()),
                    new AvroDeserializer<>(registry, TrainingExample.class), firstVersion, Clock.systemUTC());
            DeadLetterRouter deadLetters = new DeadLetterRouter(topics.name(EventTopic.DEAD_LETTERS),
                    new AvroDeadLetters(new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false)),
                    Clock.systemUTC());
            TransactionalProcessor.Builder<String, byte[], String, GenericContainer> b = TransactionalProcessor
                    .builder(topics.topic(EventTopic.TRAINING_EXAMPLES, Serdes.String(), Serdes.ByteArray()),
                            new StringSerializer(),
                            new AvroSerializer<GenericContainer>(registry, AvroSerdeConfig.defaults(), false), step)
                    .kafka(withMaxRequestSize(config.kafka(), topics.spec(EventTopic.MODEL_ADAPTERS).maxMessageBytes()))
                    .groupId(settings.groupId())
                    .deadLetters(deadLetters)
                    .stage("trainer")
                    .processing(config.processing())
                    .listener(listener);
            settings.transactionalId().ifPresent(b::transactionalId);
            return new OnlineTrainerService(b.build().start(), step, trainer);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    private static void resume(DenoisingLoraTrainer trainer, AdapterRelease release) {
        try {
            Path file = Files.createTempFile("difflens-resume-", ".safetensors");
            try {
                ByteBuffer payload = release.getPayload().duplicate();
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                Files.write(file, bytes);
                trainer.loadWeights(file);
                LOG.info("continuing adapter {} from version {}", release.getAdapterId(), release.getVersion());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + release.getAdapterId() + "@" + release.getVersion(), e);
        } catch (IllegalArgumentException e) {
            // a release with another rank or targets (the configuration changed): start afresh, keep numbering
            LOG.warn("not resuming from {}@{}: {}", release.getAdapterId(), release.getVersion(), e.getMessage());
        }
    }

    /** Adapter releases are large records: let the producer send up to the topic's limit unless configured. */
    private static KafkaClientConfig withMaxRequestSize(KafkaClientConfig k, int bytes) {
        Map<String, String> producer = new HashMap<>(k.producer());
        producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(bytes));
        return new KafkaClientConfig(k.bootstrapServers(), k.common(), producer, k.consumer(), k.streams(), k.admin());
    }

    /** The last version released by this instance, if any. */
    public Optional<String> releasedVersion() {
        return Optional.ofNullable(step.releasedVersion());
    }

    /** Completes when the trainer stops; fails if it stopped on a fatal error. */
    public Mono<Void> termination() {
        return processor.termination();
    }

    /** Whether the processing thread runs. */
    public boolean isRunning() {
        return processor.isRunning();
    }

    /** Finishes the batch in flight, then stops and frees the adapter in training. */
    @Override
    public void close() {
        processor.close();
        trainer.close();
    }
}
