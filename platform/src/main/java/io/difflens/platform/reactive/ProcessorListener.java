package io.difflens.platform.reactive;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Callbacks from a {@link TransactionalProcessor}, for metrics and tests. Every method has an empty default;
 * implementations must be quick and must not throw. All come from the processing thread except
 * {@link #beforeCommit}, which with {@link ProcessingConfig#commitOverlap()} on comes from the processor's
 * committer thread (it must run between the flush and the commit, which happen there). The callbacks of one
 * batch keep their order: its {@code beforeCommit} precedes its {@code onCommitted} or {@code onAborted}, and
 * those precede the next batch's {@code beforeCommit}.
 */
public interface ProcessorListener {

    /** A no-op listener. */
    ProcessorListener NONE = new ProcessorListener() {
    };

    /** A stage of a batch took {@code elapsed}. */
    default void onStage(ProcessingStage stage, Duration elapsed) {
    }

    /**
     * Outputs, dead letters and offsets of {@code batch} are sent and flushed, and the transaction is
     * about to commit. (A process that dies here leaves an open transaction that will be aborted.) Should
     * it throw anyway, the commit fails as on a broker error: the transaction is aborted and the batch retried.
     */
    default void beforeCommit(List<ConsumerRecord<byte[], byte[]>> batch) {
    }

    /**
     * A transaction committed {@code inputs} input records, {@code outputs} outputs and {@code deadLetters};
     * called once per committed batch, on the processing thread, once the commit is known to have succeeded.
     */
    default void onCommitted(int inputs, int outputs, int deadLetters) {
    }

    /** A transaction was aborted on try number {@code attempt} because of {@code cause}. */
    default void onAborted(Throwable cause, int attempt) {
    }

    /** A record went to the dead-letter topic. */
    default void onDeadLetter(String stage, Throwable cause) {
    }

    /** The consumer's lag on {@code partition} after a poll. */
    default void onLag(TopicPartition partition, long lag) {
    }

    /** Calls every listener in order. */
    static ProcessorListener compose(List<ProcessorListener> listeners) {
        List<ProcessorListener> all = List.copyOf(listeners);
        return new ProcessorListener() {
            @Override
            public void onStage(ProcessingStage stage, Duration elapsed) {
                all.forEach(l -> l.onStage(stage, elapsed));
            }

            @Override
            public void beforeCommit(List<ConsumerRecord<byte[], byte[]>> batch) {
                all.forEach(l -> l.beforeCommit(batch));
            }

            @Override
            public void onCommitted(int inputs, int outputs, int deadLetters) {
                all.forEach(l -> l.onCommitted(inputs, outputs, deadLetters));
            }

            @Override
            public void onAborted(Throwable cause, int attempt) {
                all.forEach(l -> l.onAborted(cause, attempt));
            }

            @Override
            public void onDeadLetter(String stage, Throwable cause) {
                all.forEach(l -> l.onDeadLetter(stage, cause));
            }

            @Override
            public void onLag(TopicPartition partition, long lag) {
                all.forEach(l -> l.onLag(partition, lag));
            }
        };
    }
}
