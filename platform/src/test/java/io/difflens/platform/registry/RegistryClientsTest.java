package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.config.RegistryConfig;
import io.difflens.platform.config.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RegistryClientsTest {

    private static final URI URL = URI.create("http://registry.test:8081");

    @Test
    void noCredentialsSendNoAuthorizationHeader() {
        RegistryClientConfig client = clientFor(new io.difflens.platform.config.RegistryCredentials.None());
        assertThat(client.credentials()).isInstanceOf(RegistryCredentials.None.class);
        assertThat(client.credentials().authorizationHeader()).isEmpty();
        assertThat(client.urls()).containsExactly(URL);
    }

    @Test
    void basicCredentialsRevealTheConfiguredPassword() {
        RegistryClientConfig client = clientFor(
                new io.difflens.platform.config.RegistryCredentials.Basic("bob", new Secret("pw")));
        assertThat(client.credentials()).isEqualTo(new RegistryCredentials.Basic("bob", "pw"));
        // base64("bob:pw") = Ym9iOnB3
        assertThat(client.credentials().authorizationHeader()).contains("Basic Ym9iOnB3");
    }

    @Test
    void bearerCredentialsRevealTheConfiguredToken() {
        RegistryClientConfig client = clientFor(
                new io.difflens.platform.config.RegistryCredentials.Bearer(new Secret("tok")));
        assertThat(client.credentials()).isEqualTo(new RegistryCredentials.Bearer("tok"));
        assertThat(client.credentials().authorizationHeader()).contains("Bearer tok");
    }

    private static RegistryClientConfig clientFor(io.difflens.platform.config.RegistryCredentials credentials) {
        try (HttpSchemaRegistryClient client = RegistryClients.from(new RegistryConfig(URL, credentials))) {
            return client.config();
        }
    }
}
