package io.difflens.platform.reactive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a batch as a few grouped calls (items sharing a key go in one call, e.g. requests with the same
 * model options) and isolates failures: when a group's call throws, each of its items is called alone, so
 * one bad item fails by itself and the rest of its group still succeeds.
 */
public final class GroupedCalls {

    private GroupedCalls() {
    }

    /** A call over a group of items sharing a key; returns one output per item, in order. */
    @FunctionalInterface
    public interface GroupCall<K, I, O> {
        List<O> apply(K key, List<I> items) throws Exception;
    }

    /** The outcome of one item. */
    public sealed interface Result<O> {
        /** The item's output. */
        record Ok<O>(O value) implements Result<O> {
        }

        /** The item failed alone with {@code cause}. */
        record Failed<O>(Exception cause) implements Result<O> {
        }
    }

    /**
     * Calls {@code call} once per distinct key (in first-seen order) and returns one result per item,
     * aligned with {@code items}.
     */
    public static <K, I, O> List<Result<O>> run(List<I> items, Function<I, K> key, GroupCall<K, I, O> call) {
        Map<K, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(key.apply(items.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<Result<O>> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(null);
        }
        for (Map.Entry<K, List<Integer>> g : groups.entrySet()) {
            List<I> members = g.getValue().stream().map(items::get).toList();
            List<O> outputs = null;
            if (members.size() > 1) {
                try {
                    outputs = checked(call.apply(g.getKey(), members), members.size());
                } catch (Exception e) {
                    outputs = null; // retried item by item below
                }
            }
            for (int j = 0; j < members.size(); j++) {
                int index = g.getValue().get(j);
                if (outputs != null) {
                    results.set(index, new Result.Ok<>(outputs.get(j)));
                    continue;
                }
                try {
                    results.set(index, new Result.Ok<>(checked(call.apply(g.getKey(), List.of(members.get(j))), 1).get(0)));
                } catch (Exception e) {
                    results.set(index, new Result.Failed<>(e));
                }
            }
        }
        return results;
    }

    private static <O> List<O> checked(List<O> outputs, int expected) {
        if (outputs == null || outputs.size() != expected) {
            throw new IllegalStateException("a group call of " + expected + " items returned "
                    + (outputs == null ? "null" : outputs.size() + " outputs"));
        }
        return outputs;
    }
}
