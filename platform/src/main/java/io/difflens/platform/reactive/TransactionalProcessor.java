package io.difflens.platform.reactive;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.deadletter.DeadLetterRouter;
import io.difflens.platform.reactive.internal.TransactionalLoop;
import io.difflens.platform.topics.Topic;
import org.apache.kafka.common.serialization.Serializer;
import reactor.core.publisher.Mono;

/**
 * Exactly-once consume–transform–produce: reads an input topic in micro-batches, applies a
 * {@link BatchFunction}, and produces its outputs together with the batch's input offsets in one Kafka
 * transaction ({@code sendOffsetsToTransaction(offsets, consumer.groupMetadata())}, KIP-447, so a
 * zombie from an older group generation is fenced). Downstream consumers read with
 * {@code isolation.level=read_committed} and see every output exactly once, whatever instant a
 * processor is killed at.
 *
 * <p>Failures: the transaction is aborted, the consumer rewound to the last committed offsets, and the
 * batch retried with bounded exponential backoff. A batch that still fails after
 * {@link ProcessingConfig#maxAttempts()} tries is split into single records, each retried the same way;
 * a single record that keeps failing goes to the dead-letter topic (in the transaction that commits its
 * offset) and processing continues. Input is read as raw bytes and deserialised inside, so an undecodable
 * (poison) record is dead-lettered at once instead of wedging the consumer. Only fatal producer errors
 * (fenced, unauthorised) stop the processor; {@link #termination()} then fails.
 *
 * <p>Runs on its own thread; the batch function is called there, one batch at a time, so records of a
 * partition are processed in offset order. With {@link ProcessingConfig#commitOverlap()} on (the default),
 * the commit of a batch runs on a second thread while the next batch is transformed; a batch's transaction
 * begins only after the previous one committed, and if that commit fails the next batch's outputs are
 * discarded and both batches are processed again. Scale out with more instances in the same group.
 *
 * @param <KI> input key type
 * @param <VI> input value type
 * @param <KO> output key type
 * @param <VO> output value type
 */
public final class TransactionalProcessor<KI, VI, KO, VO> implements AutoCloseable {

    private final TransactionalLoop<KI, VI, KO, VO> loop;
    private final String transactionalId;
    private Thread thread;

    private TransactionalProcessor(Builder<KI, VI, KO, VO> b) {
        this.transactionalId = b.transactionalId != null ? b.transactionalId
                : "difflens-" + b.groupId + "-" + UUID.randomUUID();
        this.loop = new TransactionalLoop<>(new TransactionalLoop.Settings<>(b.kafka, b.groupId, transactionalId,
                b.input, b.keySerializer, b.valueSerializer, b.function, b.deadLetters, b.stage, b.processing,
                b.listener));
    }

    /**
     * Starts building a processor.
     *
     * @param input           the topic to read and how to deserialise it
     * @param keySerializer   serializer of output keys
     * @param valueSerializer serializer of output values
     * @param function        the work
     */
    public static <KI, VI, KO, VO> Builder<KI, VI, KO, VO> builder(Topic<KI, VI> input, Serializer<KO> keySerializer,
                                                                   Serializer<VO> valueSerializer,
                                                                   BatchFunction<KI, VI, KO, VO> function) {
        return new Builder<>(input, keySerializer, valueSerializer, function);
    }

    /** Starts the processing thread. */
    public synchronized TransactionalProcessor<KI, VI, KO, VO> start() {
        if (thread != null) {
            throw new IllegalStateException("processor " + transactionalId + " was already started");
        }
        thread = new Thread(loop, "difflens-processor-" + transactionalId);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** This instance's transactional id. */
    public String transactionalId() {
        return transactionalId;
    }

    /** Completes when the processor stops: empty after {@link #close()}, an error after a fatal failure. */
    public Mono<Void> termination() {
        return loop.termination();
    }

    /** Whether the processing thread is alive. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Stops after the current batch (a batch in flight is committed or aborted, never half done), then
     * closes the consumer and producer.
     */
    @Override
    public void close() {
        loop.stop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builder of {@link TransactionalProcessor}. */
    public static final class Builder<KI, VI, KO, VO> {
        private final Topic<KI, VI> input;
        private final Serializer<KO> keySerializer;
        private final Serializer<VO> valueSerializer;
        private final BatchFunction<KI, VI, KO, VO> function;
        private KafkaClientConfig kafka;
        private String groupId;
        private String transactionalId;
        private DeadLetterRouter deadLetters;
        private String stage = "process";
        private ProcessingConfig processing = ProcessingConfig.DEFAULTS;
        private ProcessorListener listener = ProcessorListener.NONE;

        private Builder(Topic<KI, VI> input, Serializer<KO> keySerializer, Serializer<VO> valueSerializer,
                        BatchFunction<KI, VI, KO, VO> function) {
            this.input = Objects.requireNonNull(input, "input");
            this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
            this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
            this.function = Objects.requireNonNull(function, "function");
        }

        /** The cluster and client pass-through properties (required). */
        public Builder<KI, VI, KO, VO> kafka(KafkaClientConfig config) {
            this.kafka = Objects.requireNonNull(config, "kafka");
            return this;
        }

        /** The consumer group (required); instances of one service share it. */
        public Builder<KI, VI, KO, VO> groupId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("groupId must not be blank, was '" + id + "'");
            }
            this.groupId = id;
            return this;
        }

        /**
         * The transactional id; must be unique per running instance. Default: group id plus a random
         * UUID. A stable id per instance slot (e.g. a pod name) lets a restarted instance abort its
         * predecessor's open transaction at once instead of after {@code transaction.timeout.ms}.
         */
        public Builder<KI, VI, KO, VO> transactionalId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("transactionalId must not be blank, was '" + id + "'");
            }
            this.transactionalId = id;
            return this;
        }

        /** Where failed records go (required). */
        public Builder<KI, VI, KO, VO> deadLetters(DeadLetterRouter router) {
            this.deadLetters = Objects.requireNonNull(router, "deadLetters");
            return this;
        }

        /** The stage named in dead letters of records the function keeps failing on (default {@code process}). */
        public Builder<KI, VI, KO, VO> stage(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("stage must not be blank, was '" + name + "'");
            }
            this.stage = name;
            return this;
        }

        /** Batching and retries (default {@link ProcessingConfig#DEFAULTS}). */
        public Builder<KI, VI, KO, VO> processing(ProcessingConfig config) {
            this.processing = Objects.requireNonNull(config, "processing");
            return this;
        }

        /** Callbacks for metrics or tests. */
        public Builder<KI, VI, KO, VO> listener(ProcessorListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** Builds the processor (not started). */
        public TransactionalProcessor<KI, VI, KO, VO> build() {
            if (kafka == null || groupId == null || deadLetters == null) {
                throw new IllegalStateException("a transactional processor needs kafka, groupId and deadLetters; missing:"
                        + (kafka == null ? " kafka" : "") + (groupId == null ? " groupId" : "")
                        + (deadLetters == null ? " deadLetters" : ""));
            }
            return new TransactionalProcessor<>(this);
        }
    }
}
