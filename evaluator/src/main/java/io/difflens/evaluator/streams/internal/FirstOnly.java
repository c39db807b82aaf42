package io.difflens.evaluator.streams.internal;

import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Passes the first record of each key and drops repeats (a re-sent answer joins its label again).
 * Keys are remembered for {@code retention} of stream time, then forgotten, so the store stays bounded.
 */
public final class FirstOnly<V> implements FixedKeyProcessor<String, V, V> {
    private final String storeName;
    private final Duration retention;
    private FixedKeyProcessorContext<String, V> context;
    private KeyValueStore<String, Long> seen;

    public FirstOnly(String storeName, Duration retention) {
        this.storeName = storeName;
        this.retention = retention;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
        context.schedule(retention, PunctuationType.STREAM_TIME, this::forgetBefore);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        if (seen.get(record.key()) != null) {
            return;
        }
        seen.put(record.key(), record.timestamp());
        context.forward(record);
    }

    private void forgetBefore(long streamTime) {
        long limit = streamTime - retention.toMillis();
        try (KeyValueIterator<String, Long> it = seen.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> e = it.next();
                if (e.value < limit) {
                    seen.delete(e.key);
                }
            }
        }
    }
}
