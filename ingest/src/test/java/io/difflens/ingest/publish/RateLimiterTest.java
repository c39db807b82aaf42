package io.difflens.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fake clock that advances only when the limiter sleeps: the schedule is checked exactly, with no real time. */
class RateLimiterTest {
  private long now = 1_000_000_000L;
  private final List<Long> sleeps = new ArrayList<>();

  private RateLimiter limiter(double perSecond) {
    return new RateLimiter(perSecond, () -> now, nanos -> {
      sleeps.add(nanos);
      now += nanos;
    });
  }

  @Test
  void spacesEventsEvenly() throws InterruptedException {
    RateLimiter l = limiter(4);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      l.acquire();
      times.add(now);
    }
    assertThat(times).containsExactly(1_000_000_000L, 1_250_000_000L, 1_500_000_000L, 1_750_000_000L, 2_000_000_000L);
  }

  @Test
  void workDoneBetweenEventsCountsTowardsTheInterval() throws InterruptedException {
    RateLimiter l = limiter(10);
    l.acquire();
    now += 60_000_000L; // 60 ms of work
    l.acquire();
    assertThat(sleeps).containsExactly(40_000_000L);
  }

  @Test
  void doesNotBurstAfterAStall() throws InterruptedException {
    RateLimiter l = limiter(10);
    l.acquire();
    now += 5_000_000_000L; // stalled 5 s
    l.acquire();
    l.acquire();
    assertThat(sleeps).containsExactly(100_000_000L); // back to the normal pace, not 50 free events
  }

  @Test
  void rejectsNonPositiveRates() {
    assertThatThrownBy(() -> limiter(0)).hasMessageContaining("0.0");
    assertThatThrownBy(() -> limiter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
