package io.difflens.platform.reactive;

import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Kafka records as a {@link Flux} with real back-pressure: records are fetched ahead of demand only up
 * to a bound ({@link SourceOptions#maxBufferedRecords()}); beyond it the consumer pauses its partitions
 * and resumes them once downstream has drained the buffer to half. Nothing is ever buffered without bound
 * and no record is emitted beyond the subscriber's demand.
 *
 * <p>One subscriber per source. Cancelling the subscription (or {@link #close()}) closes the consumer.
 * Offsets are committed only when asked ({@link #commit}); a source used for exactly-once work should
 * instead be a {@link TransactionalProcessor}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface RecordSource<K, V> extends AutoCloseable {

    /** Subscribing starts the consumer; records of a partition arrive in offset order. */
    Flux<ConsumerRecord<K, V>> receive();

    /** Commits everything up to and including {@code record} in its partition (on the consumer thread). */
    Mono<Void> commit(ConsumerRecord<?, ?> record);

    /** Records fetched but not yet emitted. */
    int bufferedRecords();

    /** The largest {@link #bufferedRecords()} seen so far. */
    int peakBufferedRecords();

    /** Partitions paused because downstream is slow (a snapshot taken on the consumer thread). */
    Set<TopicPartition> pausedPartitions();

    /** Stops the consumer and waits for it to close. */
    @Override
    void close();
}
