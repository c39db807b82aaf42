package io.difflens.platform.reactive.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.difflens.platform.reactive.RecordSource;
import io.difflens.platform.reactive.SourceOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A {@link RecordSource} over kafka-clients: one consumer thread polls into a bounded buffer; a drain
 * loop hands records to the subscriber only against its demand.
 *
 * <p>Written here rather than taken from reactor-kafka because that project is discontinued upstream and
 * the pause/resume policy is the part we need to control and test. The buffer holds at most
 * {@code maxBufferedRecords + max.poll.records - 1} records: polling continues until the buffer reaches the
 * bound, then every assigned partition is paused (poll still runs, for heartbeats and rebalances, but
 * fetches nothing) until the buffer is down to half. {@code max.poll.records} is capped at the bound.
 */
public final class PollingRecordSource<K, V> implements RecordSource<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(PollingRecordSource.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SourceOptions<K, V> options;
    private final ConcurrentLinkedQueue<ConsumerRecord<K, V>> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile Set<TopicPartition> pausedSnapshot = Set.of();
    private volatile FluxSink<ConsumerRecord<K, V>> sink;
    private volatile KafkaConsumer<K, V> consumer;
    private volatile Thread thread;

    public PollingRecordSource(SourceOptions<K, V> options) {
        this.options = options;
    }

    @Override
    public Flux<ConsumerRecord<K, V>> receive() {
        // ERROR overflow: emitting beyond demand would be a bug in the drain loop, so fail loudly.
        return Flux.create(s -> {
            if (!subscribed.compareAndSet(false, true)) {
                s.error(new IllegalStateException("a record source accepts one subscriber; topics " + options.topics()));
                return;
            }
            sink = s;
            running = true;
            s.onRequest(n -> drain());
            s.onDispose(this::stop);
            Thread t = new Thread(this::pollLoop, "difflens-source-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            thread = t;
            t.start();
        }, FluxSink.OverflowStrategy.ERROR);
    }

    @Override
    public Mono<Void> commit(ConsumerRecord<?, ?> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(tp, new OffsetAndMetadata(record.offset() + 1));
        return Mono.create((MonoSink<Void> s) -> {
            if (!running) {
                s.error(new IllegalStateException("record source is not running; cannot commit " + offsets));
                return;
            }
            tasks.add(() -> consumer.commitAsync(offsets, (o, e) -> {
                if (e == null) {
                    s.success();
                } else {
                    s.error(e);
                }
            }));
        });
    }

    @Override
    public int bufferedRecords() {
        return buffered.get();
    }

    @Override
    public int peakBufferedRecords() {
        return peak.get();
    }

    @Override
    public Set<TopicPartition> pausedPartitions() {
        return pausedSnapshot;
    }

    @Override
    public void close() {
        stop();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stop() {
        running = false;
        KafkaConsumer<K, V> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void pollLoop() {
        Map<String, Object> props = new HashMap<>(options.consumerProperties());
        int maxPoll = Integer.parseInt(String.valueOf(props.getOrDefault(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(maxPoll, options.maxBufferedRecords()));
        props.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int high = options.maxBufferedRecords();
        int low = high / 2;
        boolean paused = false;
        try (KafkaConsumer<K, V> c = new KafkaConsumer<>(props, options.keyDeserializer(), options.valueDeserializer())) {
            consumer = c;
            c.subscribe(options.topics(), new Listener(c));
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                int n = buffered.get();
                if (!paused && n >= high) {
                    c.pause(c.assignment());
                    paused = true;
                } else if (paused && n <= low) {
                    c.resume(c.paused());
                    paused = false;
                }
                pausedSnapshot = Set.copyOf(c.paused());
                ConsumerRecords<K, V> records = c.poll(options.pollTimeout());
                for (ConsumerRecord<K, V> r : records) {
                    buffer.add(r);
                    peak.accumulateAndGet(buffered.incrementAndGet(), Math::max);
                }
                drain();
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException e) {
            LOG.warn("record source on {} failed", options.topics(), e);
            fail(e);
        } finally {
            running = false;
            consumer = null;
            pausedSnapshot = Set.of();
        }
    }

    private void fail(Throwable e) {
        FluxSink<ConsumerRecord<K, V>> s = sink;
        if (s != null && !s.isCancelled()) {
            s.error(e);
        }
    }

    /** Emits buffered records while there is demand; serialised by {@code wip} across threads. */
    private void drain() {
        FluxSink<ConsumerRecord<K, V>> s = sink;
        if (s == null || wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (s.requestedFromDownstream() > 0 && !s.isCancelled()) {
                ConsumerRecord<K, V> r = buffer.poll();
                if (r == null) {
                    break;
                }
                buffered.decrementAndGet();
                s.next(r);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Keeps the pause state across rebalances and drops buffered records of partitions we lost. */
    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<K, V> c;

        Listener(KafkaConsumer<K, V> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Their new owner starts at the committed offset, so emitting them here would only duplicate.
            List<ConsumerRecord<K, V>> lost = new ArrayList<>();
            for (ConsumerRecord<K, V> r : buffer) {
                if (partitions.contains(new TopicPartition(r.topic(), r.partition()))) {
                    lost.add(r);
                }
            }
            for (ConsumerRecord<K, V> r : lost) {
                if (buffer.remove(r)) {
                    buffered.decrementAndGet();
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!c.paused().isEmpty() || buffered.get() >= options.maxBufferedRecords()) {
                c.pause(partitions);
            }
        }
    }
}
