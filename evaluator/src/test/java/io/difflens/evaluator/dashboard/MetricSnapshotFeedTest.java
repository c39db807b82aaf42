package io.difflens.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.schemas.MetricSnapshot;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The feed's pure parts; the consumer loop itself runs against a broker in {@link MetricSnapshotFeedIT}. */
class MetricSnapshotFeedTest {

    @Test
    void a_snapshot_becomes_a_point_field_by_field() {
        MetricSnapshot snapshot = MetricSnapshot.newBuilder()
                .setBenchmark("winoground").setCategory(null).setMetric("group_score")
                .setValue(0.1875).setCount(16)
                .setWindowStart(Instant.ofEpochMilli(1_000)).setWindowEnd(Instant.ofEpochMilli(61_000))
                .setBundleId("tiny-sdxl").setAdapterVersion(null)
                .build();

        assertThat(MetricSnapshotFeed.toPoint(snapshot)).isEqualTo(new MetricPoint(
                new SeriesKey("winoground", null, "group_score", "tiny-sdxl", null), 0.1875, 16, 1_000, 61_000));
    }

    @Test
    void an_invalid_snapshot_is_rejected_with_its_values() {
        MetricSnapshot backwards = MetricSnapshot.newBuilder()
                .setBenchmark("mmvp").setMetric("pair_accuracy").setValue(0.5).setCount(1)
                .setWindowStart(Instant.ofEpochMilli(9_000)).setWindowEnd(Instant.ofEpochMilli(3_000))
                .build();

        assertThatThrownBy(() -> MetricSnapshotFeed.toPoint(backwards)).hasMessageContaining("3000").hasMessageContaining("9000");
    }

    @Test
    void the_consumer_reads_committed_data_from_the_beginning_in_a_fresh_group_and_never_commits() {
        Map<String, Object> client = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092",
                "security.protocol", "SASL_SSL", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

        Map<String, Object> one = MetricSnapshotFeed.consumerProperties(client);
        Map<String, Object> two = MetricSnapshotFeed.consumerProperties(client);

        assertThat(one).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        assertThat((String) one.get(ConsumerConfig.GROUP_ID_CONFIG)).startsWith("difflens-dashboard-")
                .isNotEqualTo(two.get(ConsumerConfig.GROUP_ID_CONFIG));
    }
}
