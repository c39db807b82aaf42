package io.difflens.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.difflens.platform.PlatformConfig;
import io.difflens.platform.reactive.ProcessingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void laterLayersWinFileThenEnvironmentThenOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("difflens.properties");
        Files.writeString(file, "kafka.bootstrap.servers=file:9092\nhttp.port=1000\nprocessing.batch.size=3\n");
        ConfigValues v = ConfigLoader.load(file,
                Map.of("DIFFLENS_HTTP_PORT", "2000", "DIFFLENS_PROCESSING_BATCH_SIZE", "4", "PATH", "/bin"),
                Map.of("processing.batch.size", "5"));
        PlatformConfig c = PlatformConfig.from(v);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("file:9092");
        assertThat(c.http().port()).isEqualTo(2000);
        assertThat(c.processing().batchSize()).isEqualTo(5);
        assertThat(v.entries().get("http.port").source()).isEqualTo("environment DIFFLENS_HTTP_PORT");
        assertThat(v.entries()).doesNotContainKey("path");
    }

    @Test
    void environmentNamesMapToDottedKeys() {
        assertThat(ConfigLoader.envNameToKey("DIFFLENS_KAFKA_PRODUCER_LINGER_MS")).isEqualTo("kafka.producer.linger.ms");
        assertThat(ConfigLoader.envNameToKey("DIFFLENS_TOPICS_DEAD__LETTERS_PARTITIONS"))
                .isEqualTo("topics.dead-letters.partitions");
    }

    @Test
    void defaultsAreUsableAsIs() {
        PlatformConfig c = PlatformConfig.defaults();
        assertThat(c.kafka().bootstrapServers()).isEqualTo(KafkaClientConfig.DEFAULT_BOOTSTRAP);
        assertThat(c.registry().url().toString()).isEqualTo(RegistryConfig.DEFAULT_URL);
        assertThat(c.registry().credentials()).isInstanceOf(RegistryCredentials.None.class);
        assertThat(c.topics().prefix()).isEqualTo("difflens.");
        assertThat(c.processing()).isEqualTo(ProcessingConfig.DEFAULTS);
        assertThat(c.http().bearerToken()).isEmpty();
    }

    @Test
    void kafkaPassThroughMergesCommonAndClientSpecificProperties() {
        KafkaClientConfig k = KafkaClientConfig.from(ConfigValues.of(Map.of(
                "kafka.bootstrap.servers", "b1:9093,b2:9093",
                "kafka.common.security.protocol", "SASL_SSL",
                "kafka.common.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "kafka.producer.linger.ms", "5",
                "kafka.consumer.security.protocol", "SSL",
                "kafka.streams.num.stream.threads", "2",
                "kafka.admin.request.timeout.ms", "9000"), "test"));
        assertThat(k.producerProperties()).containsEntry("bootstrap.servers", "b1:9093,b2:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "5")
                .doesNotContainKey("num.stream.threads");
        assertThat(k.consumerProperties()).containsEntry("security.protocol", "SSL");
        assertThat(k.streamsProperties()).containsEntry("num.stream.threads", "2");
        assertThat(k.adminProperties()).containsEntry("request.timeout.ms", "9000");
        assertThat(k.toString()).contains("sasl.jaas.config=****").doesNotContain("PlainLoginModule");
    }

    @Test
    void registryCredentialsAreInferredAndMasked() {
        RegistryConfig basic = RegistryConfig.from(ConfigValues.of(Map.of("registry.url", "https://reg.example:8081",
                "registry.basic.username", "svc", "registry.basic.password", "hunter2"), "test"));
        assertThat(basic.credentials()).isInstanceOfSatisfying(RegistryCredentials.Basic.class, b -> {
            assertThat(b.username()).isEqualTo("svc");
            assertThat(b.password().reveal()).isEqualTo("hunter2");
        });
        assertThat(basic.toString()).doesNotContain("hunter2").contains(Secret.MASK);

        RegistryConfig bearer = RegistryConfig.from(ConfigValues.of(Map.of("registry.bearer.token", "t0k"), "test"));
        assertThat(bearer.credentials()).isInstanceOf(RegistryCredentials.Bearer.class);
        assertThat(bearer.toString()).doesNotContain("t0k");

        assertThatThrownBy(() -> RegistryConfig.from(ConfigValues.of(Map.of("registry.auth", "basic",
                "registry.basic.username", "svc"), "test")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.basic.password");
    }

    @Test
    void errorsNameKeyValueAndSource() {
        assertThatThrownBy(() -> PlatformConfig.load(null, Map.of("DIFFLENS_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port").hasMessageContaining("'eighty'")
                .hasMessageContaining("environment DIFFLENS_HTTP_PORT");
        assertThatThrownBy(() -> PlatformConfig.load(null, Map.of(), Map.of("processing.batch.max.wait", "soon")))
                .hasMessageContaining("processing.batch.max.wait").hasMessageContaining("'soon'")
                .hasMessageContaining("override");
        assertThatThrownBy(() -> PlatformConfig.load(null, Map.of(), Map.of("kafka.bootstrap.servers", "nohost")))
                .hasMessageContaining("kafka.bootstrap.servers").hasMessageContaining("nohost");
        assertThatThrownBy(() -> PlatformConfig.load(null, Map.of(), Map.of("registry.url", "ftp://x")))
                .hasMessageContaining("registry.url").hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> PlatformConfig.load(null, Map.of(), Map.of("http.port", "70000")))
                .hasMessageContaining("http.port").hasMessageContaining("65535");
    }

    @Test
    void secretValuesNeverAppearInErrorsOrToString() {
        ConfigValues v = ConfigValues.of(Map.of("http.bearer.token", "s3cret", "http.port", "1"), "test");
        assertThat(v.toString()).doesNotContain("s3cret");
        assertThat(v.invalid("http.bearer.token", "is wrong").getMessage()).doesNotContain("s3cret");
        assertThat(HttpConfig.from(v).toString()).doesNotContain("s3cret");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        ConfigValues v = ConfigValues.of(Map.of("a", "250ms", "b", "PT1.5S", "c", "7d"), "test");
        assertThat(v.duration("a", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(v.duration("b", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
        assertThat(v.duration("c", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void processingBackoffGrowsAndIsCapped() {
        ProcessingConfig p = ProcessingConfig.DEFAULTS.withRetries(5, Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(p.backoffBefore(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoffBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoffBefore(4)).isEqualTo(Duration.ofMillis(350));
        assertThatThrownBy(() -> ProcessingConfig.DEFAULTS.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("processing.retry.max.attempts").hasMessageContaining("0");
    }

    @Test
    void commitOverlapIsOnByDefaultAndCanBeSwitchedOff() {
        assertThat(ProcessingConfig.DEFAULTS.commitOverlap()).isTrue();
        ProcessingConfig off = PlatformConfig.load(null, Map.of("DIFFLENS_PROCESSING_COMMIT_OVERLAP", "false"), Map.of())
                .processing();
        assertThat(off.commitOverlap()).isFalse();
        assertThat(off.withBatching(4, Duration.ofMillis(10)).commitOverlap()).as("copies keep the setting").isFalse();
        assertThat(off.withCommitOverlap(true)).isEqualTo(off.withCommitOverlap(true).withCommitOverlap(true))
                .extracting(ProcessingConfig::commitOverlap).isEqualTo(true);
        assertThatThrownBy(() -> PlatformConfig.load(null, Map.of(), Map.of("processing.commit.overlap", "maybe")))
                .hasMessageContaining("processing.commit.overlap").hasMessageContaining("'maybe'");
    }
}
