package io.difflens.platform.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GroupedCallsTest {

    @Test
    void callsOncePerKeyAndKeepsItemOrder() {
        List<List<Integer>> calls = new ArrayList<>();
        List<GroupedCalls.Result<Integer>> results = GroupedCalls.run(List.of(1, 2, 3, 4, 5), i -> i % 2,
                (key, items) -> {
                    calls.add(items);
                    return items.stream().map(i -> i * 10).toList();
                });
        assertThat(calls).containsExactly(List.of(1, 3, 5), List.of(2, 4));
        assertThat(results).containsExactly(new GroupedCalls.Result.Ok<>(10), new GroupedCalls.Result.Ok<>(20),
                new GroupedCalls.Result.Ok<>(30), new GroupedCalls.Result.Ok<>(40), new GroupedCalls.Result.Ok<>(50));
    }

    @Test
    void aFailingGroupIsRetriedItemByItemSoOnlyTheBadItemFails() {
        List<List<Integer>> calls = new ArrayList<>();
        List<GroupedCalls.Result<Integer>> results = GroupedCalls.run(List.of(1, 2, 3), i -> "same", (key, items) -> {
            calls.add(items);
            if (items.contains(2)) {
                throw new IllegalStateException("cannot do " + items);
            }
            return items.stream().map(i -> -i).toList();
        });
        assertThat(calls).containsExactly(List.of(1, 2, 3), List.of(1), List.of(2), List.of(3));
        assertThat(results.get(0)).isEqualTo(new GroupedCalls.Result.Ok<>(-1));
        assertThat(results.get(1)).isInstanceOfSatisfying(GroupedCalls.Result.Failed.class,
                f -> assertThat(f.cause()).hasMessage("cannot do [2]"));
        assertThat(results.get(2)).isEqualTo(new GroupedCalls.Result.Ok<>(-3));
    }

    @Test
    void aGroupCallReturningTheWrongCountFailsItsItems() {
        List<GroupedCalls.Result<Integer>> results = GroupedCalls.run(List.of(1), i -> 0, (key, items) -> List.of());
        assertThat(results.get(0)).isInstanceOf(GroupedCalls.Result.Failed.class);
    }
}
