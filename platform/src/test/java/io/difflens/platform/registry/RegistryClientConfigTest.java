package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void bearerTokenAndUrlList() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "https://a:8081, https://b:8081",
                "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", "tok"));
        assertThat(config.urls()).containsExactly(URI.create("https://a:8081"), URI.create("https://b:8081"));
        assertThat(config.credentials().authorizationHeader()).contains("Bearer tok");
    }

    @Test
    void basicAuthFromTheUrlIsMovedIntoTheHeader() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://bob:pw@host:8081",
                "basic.auth.credentials.source", "URL"));
        assertThat(config.urls()).containsExactly(URI.create("http://host:8081"));
        // base64("bob:pw") = Ym9iOnB3
        assertThat(config.credentials().authorizationHeader()).contains("Basic Ym9iOnB3");
    }

    @Test
    void secretsNeverAppearInToString() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://h:1",
                "basic.auth.user.info", "alice:hunter2",
                "schema.registry.ssl.truststore.location", "/nowhere/trust.p12",
                "schema.registry.ssl.truststore.password", "changeit"));
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("changeit").contains("alice");
        assertThat(new RegistryCredentials.Bearer("tok3n").toString()).doesNotContain("tok3n");
    }

    @Test
    void invalidSettingsAreNamed() {
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "ftp://x")))
                .hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://x", "basic.auth.credentials.source", "SASL_INHERIT")))
                .hasMessageContaining("SASL_INHERIT");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://x", "basic.auth.user.info", "a:b", "bearer.auth.token", "t")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://x",
                "schema.registry.ssl.truststore.location", "/nowhere/trust.p12")).trustStore().orElseThrow().sslContext())
                .hasMessageContaining("/nowhere/trust.p12");
    }
}
