package io.difflens.platform.reactive.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.deadletter.DeadLetterRouter;
import io.difflens.platform.reactive.BatchFunction;
import io.difflens.platform.reactive.ProcessingConfig;
import io.difflens.platform.reactive.ProcessingStage;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.topics.Topic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The thread body of a {@link io.difflens.platform.reactive.TransactionalProcessor}. Owns its consumer and
 * producer and touches the consumer only from {@link #run()}.
 *
 * <p>With {@link ProcessingConfig#commitOverlap()} on, the end of batch k's transaction (flush, offsets,
 * commit: tens of milliseconds of broker round trips) runs on a single committer thread while this thread
 * polls, deserialises and transforms batch k+1; it then waits for commit k before it begins k+1's
 * transaction, so the producer never has two transactions open. If commit k failed, k+1's work is thrown
 * away and both are read again from the committed offsets: exactly what a serial loop would do, one model
 * call later. A rebalance waits for the commit in flight before partitions are given up.
 */
public final class TransactionalLoop<KI, VI, KO, VO> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    /** What the loop needs, gathered by the processor's builder. */
    public record Settings<KI, VI, KO, VO>(KafkaClientConfig kafka, String groupId, String transactionalId,
                                           Topic<KI, VI> input, Serializer<KO> keySerializer,
                                           Serializer<VO> valueSerializer, BatchFunction<KI, VI, KO, VO> function,
                                           DeadLetterRouter deadLetters, String stage, ProcessingConfig processing,
                                           ProcessorListener listener) {
    }

    private record RecordId(String topic, int partition, long offset) {
        static RecordId of(ConsumerRecord<?, ?> r) {
            return new RecordId(r.topic(), r.partition(), r.offset());
        }
    }

    /** How one transaction ended. */
    private sealed interface Outcome {
        record Committed() implements Outcome {
        }

        /** The group moved on (rebalance): the batch is no longer ours to commit. */
        record GroupChanged(Exception cause) implements Outcome {
        }

        record Failed(Exception cause) implements Outcome {
        }

        /** Neither the producer nor the consumer may be used any more. */
        record Fatal(String what, Exception cause) implements Outcome {
        }
    }

    /** A batch deserialised and transformed, not yet in a transaction. */
    private record Prepared<KO, VO>(List<ConsumerRecord<byte[], byte[]>> batch, List<ProducerRecord<KO, VO>> outputs,
                                    List<ProducerRecord<byte[], byte[]>> deadLetters, List<Exception> deadCauses) {
    }

    /** A batch whose outputs are sent and whose commit runs on the committer thread. Loop thread only. */
    private final class InFlight {
        final Prepared<KO, VO> prepared;
        final Future<?> commit;
        /** Set once the commit ended and, if it failed, its transaction was aborted. */
        Outcome outcome;

        InFlight(Prepared<KO, VO> prepared, Future<?> commit) {
            this.prepared = prepared;
            this.commit = commit;
        }
    }

    /** A failure after which neither the producer nor the consumer may be used. */
    private static final class FatalException extends RuntimeException {
        FatalException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings<KI, VI, KO, VO> s;
    private final ProcessingConfig cfg;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final Map<RecordId, Integer> recordFailures = new HashMap<>();
    private final Sinks.Empty<Void> done = Sinks.empty();
    private volatile boolean running = true;
    private int batchFailures;
    private int isolateRemaining;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    /** The single committer thread, when commits overlap the next batch; else null. */
    private ExecutorService committer;
    /** The batch whose commit is running on {@link #committer}, if any; there is never more than one. */
    private InFlight inFlight;

    public TransactionalLoop(Settings<KI, VI, KO, VO> settings) {
        this.s = settings;
        this.cfg = settings.processing();
    }

    public Mono<Void> termination() {
        return done.asMono();
    }

    /** Asks the loop to stop after the batch in flight; it notices within one poll timeout. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        committer = cfg.commitOverlap() ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "difflens-committer-" + s.transactionalId());
            t.setDaemon(true);
            return t;
        }) : null;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
                new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            producer = p;
            consumer = c;
            p.initTransactions();
            c.subscribe(List.of(s.input().name()), new Rebalance());
            try {
                while (running) {
                    List<ConsumerRecord<byte[], byte[]>> batch = nextBatch();
                    if (!batch.isEmpty()) {
                        handle(batch);
                    } else {
                        settle(List.of()); // idle: let the last commit's callbacks fire now
                    }
                }
                settle(List.of());
            } finally {
                // Never close the producer (or give up the partitions) under a commit still running.
                InFlight f = inFlight;
                if (f != null) {
                    await(f);
                    inFlight = null;
                }
            }
            done.tryEmitEmpty();
        } catch (RuntimeException | Error e) {
            LOG.error("transactional processor {} stopped", s.transactionalId(), e);
            done.tryEmitError(e);
        } finally {
            if (committer != null) {
                committer.shutdown();
            }
        }
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> p = s.kafka().producerProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, s.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> c = s.kafka().consumerProperties();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, cfg.batchSize());
        return c;
    }

    /** Up to one batch: waits for a full batch at most {@code batchMaxWait}, returns empty when idle. */
    private List<ConsumerRecord<byte[], byte[]>> nextBatch() {
        int size = isolateRemaining > 0 ? 1 : cfg.batchSize();
        long start = System.nanoTime();
        long maxWait = cfg.batchMaxWait().toNanos();
        while (running && pending.size() < size) {
            long left = maxWait - (System.nanoTime() - start);
            if (!pending.isEmpty() && left <= 0) {
                break;
            }
            Duration timeout = pending.isEmpty() ? cfg.pollTimeout()
                    : Duration.ofNanos(Math.min(left, cfg.pollTimeout().toNanos()));
            ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
            records.forEach(pending::add);
            reportLag();
            if (pending.isEmpty()) {
                return List.of();
            }
        }
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(Math.min(size, pending.size()));
        while (batch.size() < size && !pending.isEmpty()) {
            batch.add(pending.poll());
        }
        return batch;
    }

    /**
     * One batch. The batch is transformed first, outside any transaction, while the previous batch's commit
     * may still be running; only then does the loop wait for that commit. If it failed, this batch's work is
     * discarded and both batches are read again from the committed offsets.
     */
    private void handle(List<ConsumerRecord<byte[], byte[]>> batch) {
        if (batch.size() == 1 && recordFailures.getOrDefault(RecordId.of(batch.get(0)), 0) >= cfg.maxAttempts()) {
            if (settle(batch)) {
                deadLetterAlone(batch.get(0), new IllegalStateException("failed " + cfg.maxAttempts() + " times"));
            }
            return;
        }
        Prepared<KO, VO> prepared = null;
        Exception failure = null;
        try {
            prepared = prepare(batch);
        } catch (Exception e) {
            failure = e;
        }
        if (!settle(batch)) {
            return;
        }
        if (failure != null) {
            if (isFatal(failure)) {
                throw new FatalException("processor " + s.transactionalId() + " cannot continue", failure);
            }
            rewind(batch);
            onFailure(batch, failure);
            return;
        }
        transact(prepared);
    }

    private void onSuccess(List<ConsumerRecord<byte[], byte[]>> batch) {
        if (batch.size() > 1) {
            batchFailures = 0;
        } else {
            recordFailures.remove(RecordId.of(batch.get(0)));
            isolateRemaining = Math.max(0, isolateRemaining - 1);
        }
    }

    private void onFailure(List<ConsumerRecord<byte[], byte[]>> batch, Exception cause) {
        if (batch.size() == 1) {
            ConsumerRecord<byte[], byte[]> r = batch.get(0);
            int n = recordFailures.merge(RecordId.of(r), 1, Integer::sum);
            s.listener().onAborted(cause, n);
            if (n >= cfg.maxAttempts()) {
                deadLetterAlone(r, cause);
            } else {
                sleep(cfg.backoffBefore(n + 1));
            }
        } else {
            batchFailures++;
            s.listener().onAborted(cause, batchFailures);
            if (batchFailures >= cfg.maxAttempts()) {
                // Find the culprit: retry the batch's records one by one, each with its own attempts.
                isolateRemaining = batch.size();
                batchFailures = 0;
            } else {
                sleep(cfg.backoffBefore(batchFailures + 1));
            }
        }
    }

    /** Deserialises (routing undecodable records to dead letters) and applies the batch function. */
    private Prepared<KO, VO> prepare(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        long t0 = System.nanoTime();
        List<ConsumerRecord<KI, VI>> typed = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>();
        List<Exception> deadCauses = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> raw : batch) {
            try {
                typed.add(deserialize(raw));
            } catch (RuntimeException e) {
                dead.add(s.deadLetters().route(raw, ProcessingStage.DESERIALIZE.label(), e));
                deadCauses.add(e);
            }
        }
        long t1 = stage(ProcessingStage.DESERIALIZE, t0);
        List<ProducerRecord<KO, VO>> outputs = typed.isEmpty() ? List.of() : s.function().apply(List.copyOf(typed));
        if (outputs == null) {
            throw new IllegalStateException("the batch function returned null instead of a list");
        }
        stage(ProcessingStage.TRANSFORM, t1);
        return new Prepared<>(batch, outputs, dead, deadCauses);
    }

    /**
     * Opens the batch's transaction and sends its outputs, then commits: on the committer thread with
     * overlap on (the loop goes on with the next batch and {@link #settle} collects the result), else here.
     */
    private void transact(Prepared<KO, VO> p) {
        long t0 = System.nanoTime();
        producer.beginTransaction();
        try {
            for (ProducerRecord<KO, VO> out : p.outputs()) {
                producer.send(serialize(out));
            }
            p.deadLetters().forEach(producer::send);
        } catch (Exception e) {
            conclude(p, outcomeOf(e), List.of());
            return;
        }
        long t1 = stage(ProcessingStage.PRODUCE, t0);
        // The consumer is not thread-safe: read its offsets and group metadata here, on the loop thread.
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(p.batch());
        ConsumerGroupMetadata group = consumer.groupMetadata();
        KafkaProducer<byte[], byte[]> txProducer = producer;
        Runnable commit = () -> commit(txProducer, p.batch(), offsets, group);
        if (committer != null) {
            inFlight = new InFlight(p, committer.submit(commit));
            return;
        }
        Exception failure = null;
        try {
            commit.run();
        } catch (Exception e) {
            failure = e;
        }
        stage(ProcessingStage.COMMIT, t1);
        conclude(p, outcomeOf(failure), List.of());
    }

    /** The end of a transaction; runs on the committer thread when commits overlap. */
    private void commit(KafkaProducer<byte[], byte[]> txProducer, List<ConsumerRecord<byte[], byte[]>> batch,
                        Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        // commitTransaction would flush too; flushing first keeps beforeCommit's promise that the outputs are in
        // the log (the crash test relies on it), and costs nothing on the loop thread once commits overlap.
        txProducer.flush();
        txProducer.sendOffsetsToTransaction(offsets, group);
        s.listener().beforeCommit(batch);
        txProducer.commitTransaction();
    }

    /**
     * Waits for the commit in flight, if any, and acts on its outcome. {@code later} are records taken for the
     * next batch since that commit was handed off: if it failed they are rewound with it. Returns whether the
     * loop may go on with {@code later} (no commit was in flight, or it committed).
     */
    private boolean settle(List<ConsumerRecord<byte[], byte[]>> later) {
        InFlight f = inFlight;
        if (f == null) {
            return true;
        }
        long t0 = System.nanoTime();
        Outcome o = await(f);
        inFlight = null;
        stage(ProcessingStage.COMMIT, t0);
        return conclude(f.prepared, o, later);
    }

    /** The outcome of a commit in flight, aborting its transaction if it failed; waits as long as it takes. */
    private Outcome await(InFlight f) {
        if (f.outcome == null) {
            f.outcome = outcomeOf(waitFor(f.commit));
        }
        return f.outcome;
    }

    private Exception waitFor(Future<?> commit) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    commit.get();
                    return null;
                } catch (InterruptedException e) {
                    // keep waiting: the producer must not begin (or close under) another transaction first
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    return e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Classifies a transaction's failure ({@code null}: none), aborting the transaction unless it is fatal. */
    private Outcome outcomeOf(Exception failure) {
        if (failure == null) {
            return new Outcome.Committed();
        }
        if (isFatal(failure)) {
            return new Outcome.Fatal("cannot continue", failure);
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            return new Outcome.Fatal("could not abort its transaction", e);
        }
        return isGroupChange(failure) ? new Outcome.GroupChanged(failure) : new Outcome.Failed(failure);
    }

    /** Acts on how a batch's transaction ended; returns whether it committed. */
    private boolean conclude(Prepared<KO, VO> p, Outcome outcome, List<ConsumerRecord<byte[], byte[]>> later) {
        List<ConsumerRecord<byte[], byte[]>> batch = p.batch();
        if (outcome instanceof Outcome.Committed) {
            s.listener().onCommitted(batch.size(), p.outputs().size(), p.deadLetters().size());
            p.deadCauses().forEach(e -> s.listener().onDeadLetter(ProcessingStage.DESERIALIZE.label(), e));
            onSuccess(batch);
            return true;
        }
        if (outcome instanceof Outcome.Fatal f) {
            throw new FatalException("processor " + s.transactionalId() + " " + f.what(), f.cause());
        }
        List<ConsumerRecord<byte[], byte[]>> held = new ArrayList<>(batch);
        held.addAll(later);
        if (outcome instanceof Outcome.GroupChanged g) {
            LOG.info("processor {}: group changed during a batch ({}); rewinding", s.transactionalId(), g.cause().toString());
            rewind(held);
        } else if (outcome instanceof Outcome.Failed f) {
            rewind(held);
            onFailure(batch, f.cause());
        }
        return false;
    }

    /** Sends a record that keeps failing to the dead-letter topic, committing its offset in the same transaction. */
    private void deadLetterAlone(ConsumerRecord<byte[], byte[]> r, Exception cause) {
        producer.beginTransaction();
        try {
            producer.send(s.deadLetters().route(r, s.stage(), cause));
            producer.sendOffsetsToTransaction(nextOffsets(List.of(r)), consumer.groupMetadata());
            producer.commitTransaction();
        } catch (Exception e) {
            if (isFatal(e)) {
                throw new FatalException("processor " + s.transactionalId() + " cannot continue", e);
            }
            abort();
            LOG.warn("processor {}: could not dead-letter {}-{}@{}: {}", s.transactionalId(), r.topic(), r.partition(),
                    r.offset(), e.toString());
            rewind(List.of(r));
            sleep(cfg.maxRetryBackoff());
            return;
        }
        LOG.warn("processor {}: dead-lettered {}-{}@{} after {}", s.transactionalId(), r.topic(), r.partition(),
                r.offset(), cause.toString());
        s.listener().onCommitted(1, 0, 1);
        s.listener().onDeadLetter(s.stage(), cause);
        recordFailures.remove(RecordId.of(r));
        isolateRemaining = Math.max(0, isolateRemaining - 1);
        // Back to the committed offsets (now past this record), dropping anything fetched beyond it.
        rewind(List.of());
    }

    private ConsumerRecord<KI, VI> deserialize(ConsumerRecord<byte[], byte[]> raw) {
        KI key = s.input().keySerde().deserializer().deserialize(raw.topic(), raw.headers(), raw.key());
        VI value = s.input().valueSerde().deserializer().deserialize(raw.topic(), raw.headers(), raw.value());
        return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.timestampType(),
                raw.serializedKeySize(), raw.serializedValueSize(), key, value, raw.headers(), raw.leaderEpoch());
    }

    private ProducerRecord<byte[], byte[]> serialize(ProducerRecord<KO, VO> out) {
        byte[] key = s.keySerializer().serialize(out.topic(), out.headers(), out.key());
        byte[] value = s.valueSerializer().serialize(out.topic(), out.headers(), out.value());
        return new ProducerRecord<>(out.topic(), out.partition(), out.timestamp(), key, value, out.headers());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /**
     * Puts every assigned partition back on its last committed offset and drops what was fetched, so the
     * next poll returns the uncommitted records again. Where nothing is committed yet, the first offset
     * held in memory for the partition is the committed position.
     */
    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, Long> firstHeld = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            firstHeld.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        for (ConsumerRecord<byte[], byte[]> r : pending) {
            firstHeld.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        pending.clear();
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c.offset());
            } else if (firstHeld.containsKey(tp)) {
                consumer.seek(tp, firstHeld.get(tp));
            }
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            throw new FatalException("processor " + s.transactionalId() + " could not abort its transaction", e);
        }
    }

    private void reportLag() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                s.listener().onLag(tp, lag.getAsLong());
            }
        }
    }

    private long stage(ProcessingStage stage, long startNanos) {
        long now = System.nanoTime();
        s.listener().onStage(stage, Duration.ofNanos(now - startNanos));
        return now;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static boolean isFatal(Throwable e) {
        // With transactions v2 (KIP-890, Kafka 4) a fenced producer may learn of it as an invalid transaction state
        // or producer epoch rather than as ProducerFencedException; all of them leave the producer unusable.
        return causedBy(e, ProducerFencedException.class, InvalidProducerEpochException.class,
                InvalidTxnStateException.class, OutOfOrderSequenceException.class, AuthorizationException.class,
                UnsupportedVersionException.class, FencedInstanceIdException.class)
                .isPresent();
    }

    private static boolean isGroupChange(Throwable e) {
        return causedBy(e, CommitFailedException.class, RebalanceInProgressException.class,
                IllegalGenerationException.class, UnknownMemberIdException.class).isPresent();
    }

    @SafeVarargs
    private static Optional<Throwable> causedBy(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    /** Drops fetched records of partitions taken away: their new owner reads them from the committed offset. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // The commit in flight holds offsets of these partitions: their next owner must find it committed
            // or aborted. The loop acts on its outcome after this poll returns.
            InFlight f = inFlight;
            if (f != null) {
                await(f);
            }
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing: positions come from the committed offsets
        }
    }
}
