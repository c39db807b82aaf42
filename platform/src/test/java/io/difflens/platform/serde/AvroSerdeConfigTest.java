package io.difflens.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.platform.registry.RegistryCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void readsConfluentKeysIncludingStrategyClassNames() {
        AvroSerdeConfig config = AvroSerdeConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://registry:8081",
                "auto.register.schemas", "false",
                "use.latest.version", true,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "key.subject.name.strategy", "TopicRecordNameStrategy",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:s3:cret"), true);

        assertThat(config.autoRegister()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
        assertThat(config.valueStrategy()).isEqualTo(SubjectNameStrategy.RECORD_NAME);
        assertThat(config.keyStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(config.registry().orElseThrow().credentials())
                .isEqualTo(new RegistryCredentials.Basic("alice", "s3:cret"));
    }

    @Test
    void defaultsMatchConfluent() {
        AvroSerdeConfig config = AvroSerdeConfig.fromConfigs(Map.of("schema.registry.url", "http://r:1"), true);
        assertThat(config.autoRegister()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.valueStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThat(config.specificReader()).isFalse();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> AvroSerdeConfig.fromConfigs(Map.of("auto.register.schemas", "yes"), false))
                .hasMessageContaining("auto.register.schemas").hasMessageContaining("yes");
        assertThatThrownBy(() -> AvroSerdeConfig.fromConfigs(Map.of("value.subject.name.strategy", "Foo"), false))
                .hasMessageContaining("Foo");
        assertThatThrownBy(() -> AvroSerdeConfig.fromConfigs(Map.of(), true))
                .hasMessageContaining("schema.registry.url");
    }
}
