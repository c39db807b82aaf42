package io.difflens.evaluator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EvaluatorServiceConfigTest {

    private static ConfigValues values(Map<String, String> m) {
        return ConfigValues.of(m, "test");
    }

    @Test
    void defaultsAreTumblingOneMinuteWindowsOnPort8080() {
        EvaluatorServiceConfig c = EvaluatorServiceConfig.from(values(Map.of()));
        assertThat(c.applicationId()).isEqualTo(EvaluatorServiceConfig.DEFAULT_APPLICATION_ID);
        assertThat(c.stateDir()).isEmpty();
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.advance()).isEqualTo(c.window());
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.createTopics()).isTrue();
        assertThat(c.bearerToken()).isEmpty();
    }

    @Test
    void keysAreRead() {
        EvaluatorServiceConfig c = EvaluatorServiceConfig.from(values(Map.of("evaluator.window", "5m",
                "evaluator.window.advance", "1m", "evaluator.state.dir", "state", "evaluator.join.retention", "2h",
                "evaluator.create.topics", "false", "http.port", "9000", "http.bearer.token", "t0ken")));
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.advance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.stateDir()).contains(Path.of("state"));
        assertThat(c.joinRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(c.createTopics()).isFalse();
        assertThat(c.httpPort()).isEqualTo(9000);
        assertThat(c.bearerToken().orElseThrow().reveal()).isEqualTo("t0ken");
        assertThat(c.toString()).doesNotContain("t0ken");
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertThatThrownBy(() -> EvaluatorServiceConfig.from(values(Map.of("evaluator.window", "1m",
                "evaluator.window.advance", "2m")))).hasMessageContaining("evaluator.window.advance")
                .hasMessageContaining("PT2M");
        assertThatThrownBy(() -> EvaluatorServiceConfig.from(values(Map.of("evaluator.commit.interval", "0s"))))
                .hasMessageContaining("evaluator.commit.interval");
        assertThatThrownBy(() -> EvaluatorServiceConfig.from(values(Map.of("evaluator.grace", "soon"))))
                .hasMessageContaining("evaluator.grace").hasMessageContaining("soon");
        // a blank key counts as unset (the platform's rule), so only a blank id given in code is an error
        assertThat(EvaluatorServiceConfig.from(values(Map.of("evaluator.application.id", " "))).applicationId())
                .isEqualTo(EvaluatorServiceConfig.DEFAULT_APPLICATION_ID);
        assertThatThrownBy(() -> EvaluatorServiceConfig.from(values(Map.of())).withApplicationId(" "))
                .hasMessageContaining("evaluator.application.id");
    }

    @Test
    void streamsPropertiesKeepExactlyOnceOverThePassThrough() {
        ConfigValues v = values(Map.of("kafka.bootstrap.servers", "broker:9092",
                "kafka.streams.processing.guarantee", "at_least_once", "kafka.streams.num.stream.threads", "2",
                "topics.model.adapters.retention", "forever", "evaluator.state.dir", "state",
                "evaluator.commit.interval", "250ms"));
        Properties p = EvaluatorService.streamsProperties(PlatformConfig.from(v), EvaluatorServiceConfig.from(v));
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("broker:9092");
        assertThat(p.get("num.stream.threads")).isEqualTo("2");
        assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("state");
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo(EvaluatorServiceConfig.DEFAULT_APPLICATION_ID);
    }

    @Test
    void copiesChangeOneField() {
        EvaluatorServiceConfig c = EvaluatorServiceConfig.from(values(Map.of())).withHttpPort(0)
                .withStateDir(Path.of("s")).withApplicationId("a").withHost("127.0.0.1");
        assertThat(c.httpPort()).isZero();
        assertThat(c.stateDir()).isEqualTo(Optional.of(Path.of("s")));
        assertThat(c.applicationId()).isEqualTo("a");
        assertThat(c.host()).isEqualTo("127.0.0.1");
    }
}
