package io.difflens.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import io.difflens.platform.config.ConfigException;
import io.difflens.platform.config.ConfigValues;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void defaultsCoverEveryEventTopicUnderThePrefix() {
        TopicCatalog c = TopicCatalog.from(ConfigValues.of(Map.of(), "test"));
        assertThat(c.all()).extracting(TopicSpec::name).containsExactly(
                "difflens.vqa.requests", "difflens.vqa.features", "difflens.vqa.answers", "difflens.vqa.labels",
                "difflens.itm.requests", "difflens.itm.scores", "difflens.training.examples",
                "difflens.model.adapters", "difflens.metrics", "difflens.dead-letters");
        TopicSpec features = c.spec(EventTopic.VQA_FEATURES);
        assertThat(features.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(features.compression()).isEqualTo(Compression.ZSTD);
        TopicSpec adapters = c.spec(EventTopic.MODEL_ADAPTERS);
        assertThat(adapters.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(adapters.topicConfigs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
        assertThat(c.all()).allSatisfy(s -> assertThat(s.partitions()).isEqualTo(TopicCatalog.DEFAULT_PARTITIONS));
    }

    @Test
    void configOverridesPrefixAndPerTopicSettings() {
        TopicCatalog c = TopicCatalog.from(ConfigValues.of(Map.of(
                "topics.prefix", "acme-",
                "topics.partitions", "6",
                "topics.replication.factor", "3",
                "topics.vqa.features.partitions", "12",
                "topics.vqa.features.max.message.bytes", "33554432",
                "topics.metrics.retention", "forever",
                "topics.dead-letters.compression", "lz4",
                "topics.vqa.labels.cleanup.policy", "compact,delete"), "test"));
        assertThat(c.name(EventTopic.VQA_REQUESTS)).isEqualTo("acme-vqa.requests");
        assertThat(c.spec(EventTopic.VQA_REQUESTS).partitions()).isEqualTo(6);
        assertThat(c.spec(EventTopic.VQA_REQUESTS).replicationFactor()).isEqualTo((short) 3);
        assertThat(c.spec(EventTopic.VQA_FEATURES).partitions()).isEqualTo(12);
        assertThat(c.spec(EventTopic.VQA_FEATURES).maxMessageBytes()).isEqualTo(33_554_432);
        assertThat(c.spec(EventTopic.METRICS).retention()).isEqualTo(TopicSpec.FOREVER);
        assertThat(c.spec(EventTopic.DEAD_LETTERS).compression()).isEqualTo(Compression.LZ4);
        assertThat(c.spec(EventTopic.VQA_LABELS).cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT_DELETE);
    }

    @Test
    void badValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> TopicCatalog.from(ConfigValues.of(Map.of("topics.vqa.answers.partitions", "0"), "t")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.vqa.answers.partitions")
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> TopicCatalog.from(ConfigValues.of(Map.of("topics.metrics.cleanup.policy", "keep"), "t")))
                .hasMessageContaining("topics.metrics.cleanup.policy").hasMessageContaining("'keep'");
        assertThatThrownBy(() -> TopicCatalog.from(ConfigValues.of(Map.of("topics.prefix", "bad prefix "), "t")))
                .hasMessageContaining("illegal topic name");
    }

    @Test
    void typedHandlesCarryNameAndSerdes() {
        TopicCatalog c = TopicCatalog.defaults("x.", 1);
        Topic<String, byte[]> t = c.topic(EventTopic.VQA_ANSWERS, Serdes.String(), Serdes.ByteArray());
        assertThat(t.name()).isEqualTo("x.vqa.answers");
        assertThat(t.withValueSerde(Serdes.String()).name()).isEqualTo("x.vqa.answers");
    }

    @Test
    void specsValidateThemselves() {
        assertThatThrownBy(() -> new TopicSpec("t", 0, (short) 1, Duration.ofDays(1), CleanupPolicy.DELETE, 2048,
                Compression.PRODUCER)).hasMessageContaining("partitions").hasMessageContaining("0");
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 1, Duration.ZERO, CleanupPolicy.DELETE, 2048,
                Compression.PRODUCER)).hasMessageContaining("retention");
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 1, Duration.ofDays(1), CleanupPolicy.DELETE, 10,
                Compression.PRODUCER)).hasMessageContaining("max.message.bytes").hasMessageContaining("10");
        assertThat(CleanupPolicy.fromConfigValue("delete, compact")).isEqualTo(CleanupPolicy.COMPACT_DELETE);
    }
}
