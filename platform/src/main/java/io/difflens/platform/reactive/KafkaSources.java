package io.difflens.platform.reactive;

import io.difflens.platform.reactive.internal.PollingRecordSource;

/** Creates {@link RecordSource}s. */
public final class KafkaSources {

    private KafkaSources() {
    }

    /** A back-pressured source over a Kafka consumer; it starts consuming on subscription. */
    public static <K, V> RecordSource<K, V> create(SourceOptions<K, V> options) {
        return new PollingRecordSource<>(options);
    }
}
