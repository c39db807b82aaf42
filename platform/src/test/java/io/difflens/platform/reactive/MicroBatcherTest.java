package io.difflens.platform.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class MicroBatcherTest {

    @Test
    void emitsFullBatchesThenTheRestOnCompletion() {
        StepVerifier.create(MicroBatcher.batch(Flux.range(1, 25), 10, Duration.ofSeconds(1)))
                .expectNext(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
                .expectNext(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20))
                .expectNext(List.of(21, 22, 23, 24, 25))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void emitsAPartialBatchAfterTheMaximumWait() {
        StepVerifier.withVirtualTime(() -> MicroBatcher.batch(
                        Flux.just(1, 2, 3).concatWith(Flux.never()), 10, Duration.ofSeconds(2)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(List.of(1, 2, 3))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void asksUpstreamOnlyForWhatRequestedBatchesCanHold() {
        AtomicLong requested = new AtomicLong();
        Flux<Integer> upstream = Flux.range(1, 1_000).doOnRequest(n -> requested.accumulateAndGet(n, AtomicLongSum::add));
        StepVerifier.create(MicroBatcher.batch(upstream, 5, Duration.ofSeconds(10)), 2)
                .expectNextCount(2)
                // bounded by the demand in batches, plus the one refill fair mode prefetches; never unbounded
                .then(() -> assertThat(requested.get()).isBetween(10L, 20L))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> MicroBatcher.batch(Flux.just(1), 0, Duration.ofSeconds(1)))
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> MicroBatcher.batch(Flux.just(1), 1, Duration.ZERO))
                .hasMessageContaining("PT0S");
    }

    private static final class AtomicLongSum {
        static long add(long a, long b) {
            long s = a + b;
            return s < 0 ? Long.MAX_VALUE : s;
        }
    }
}
