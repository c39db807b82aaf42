package io.difflens.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.difflens.platform.events.AnswerEvents;
import io.difflens.schemas.VqaAnswer;
import org.junit.jupiter.api.Test;

class TallyTest {

    static VqaAnswer ok(String id, String text, double e2e) {
        return AnswerEvents.ok(id, text, "micro", null, Map.of("end_to_end", e2e), Instant.EPOCH);
    }

    @Test
    void countsStatusesAccuracyAndLatencyPercentiles() {
        Tally t = new Tally(Map.of("a", "red", "b", "2", "c", "yes", "d", "left"));
        assertThat(t.add(ok("a", "Red.", 10)).correct()).isTrue();
        assertThat(t.add(ok("b", "two", 30)).correct()).isTrue(); // the answer normaliser reads number words
        assertThat(t.add(ok("c", "no", 20)).correct()).isFalse();
        t.add(AnswerEvents.rejected("d", "empty prompt", Instant.EPOCH));

        DemoSummary s = t.summary(4, 2.0);
        assertThat(s).isEqualTo(new DemoSummary(4, 3, 1, 0, 0.5, 2.0, 20, 30));
        assertThat(s.toJson()).isEqualTo("{\"requests\":4,\"answered\":3,\"rejected\":1,\"failed\":0,\"accuracy\":0.5000,"
                + "\"throughput_rps\":2.00,\"p50_ms\":20.0,\"p99_ms\":30.0}");
    }

    @Test
    void aRepeatedAnswerIsADuplicateNotASecondAnswer() {
        Tally t = new Tally(Map.of("a", "red"));
        t.add(ok("a", "red", 1));
        assertThat(t.add(ok("a", "red", 1)).duplicate()).isTrue();
        assertThat(t.done()).isEqualTo(1);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.summary(1, 1).answered()).isEqualTo(1);
    }

    @Test
    void nearestRankPercentiles() {
        List<Double> v = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(Tally.percentile(v, 50)).isEqualTo(5.0);
        assertThat(Tally.percentile(v, 99)).isEqualTo(10.0);
        assertThat(Tally.percentile(List.of(), 50)).isZero();
    }
}
