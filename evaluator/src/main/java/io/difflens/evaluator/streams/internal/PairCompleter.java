package io.difflens.evaluator.streams.internal;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Waits for both members of a pair (records keyed by group) and then emits one pair observation:
 * 1 when every member's value is 1, else 0. The pair's record carries the completing member's
 * timestamp, so a pair split across windows counts in the window where it completed. Pairs still
 * incomplete after {@code retention} of stream time are dropped.
 */
public final class PairCompleter implements Processor<String, Scored, String, Scored> {
    /** MMVP-style pairs; larger groups are not scored by this topology yet. */
    public static final int GROUP_SIZE = 2;

    private final String storeName;
    private final Duration retention;
    private final String pairMetric;
    private ProcessorContext<String, Scored> context;
    private KeyValueStore<String, PendingGroup> pending;

    public PairCompleter(String storeName, Duration retention, String pairMetric) {
        this.storeName = storeName;
        this.retention = retention;
        this.pairMetric = pairMetric;
    }

    @Override
    public void init(ProcessorContext<String, Scored> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        context.schedule(retention, PunctuationType.STREAM_TIME, this::dropBefore);
    }

    @Override
    public void process(Record<String, Scored> record) {
        Scored member = record.value();
        if (member.memberIndex() == null || member.memberIndex() < 0 || member.memberIndex() >= GROUP_SIZE) {
            return;
        }
        PendingGroup group = pending.get(record.key());
        group = group == null ? new PendingGroup(Map.of(member.memberIndex(), member), record.timestamp())
                : group.with(member);
        if (group.members().size() < GROUP_SIZE) {
            pending.put(record.key(), group);
            return;
        }
        pending.delete(record.key());
        boolean allRight = group.members().values().stream().allMatch(m -> m.value() == 1.0);
        Scored pair = new Scored(member.groupId(), member.benchmark(), member.category(), member.bundleId(),
                member.adapterVersion(), pairMetric, allRight ? 1 : 0, member.groupId(), null);
        context.forward(record.withValue(pair));
    }

    private void dropBefore(long streamTime) {
        long limit = streamTime - retention.toMillis();
        try (KeyValueIterator<String, PendingGroup> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingGroup> e = it.next();
                if (e.value.firstSeen() < limit) {
                    pending.delete(e.key);
                }
            }
        }
    }
}
