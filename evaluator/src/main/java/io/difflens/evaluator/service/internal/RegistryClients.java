package io.difflens.evaluator.service.internal;

import io.difflens.platform.config.RegistryConfig;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.registry.RegistryClientConfig;
import io.difflens.platform.registry.RegistryCredentials;

/**
 * A registry client from the platform configuration. The configuration carries {@code Secret}s and the client
 * plain values; platform has no bridge between the two yet (ingest keeps its own copy of this, and the
 * evaluator may not depend on ingest).
 */
public final class RegistryClients {
    private RegistryClients() {
    }

    public static HttpSchemaRegistryClient from(RegistryConfig config) {
        RegistryCredentials credentials;
        if (config.credentials() instanceof io.difflens.platform.config.RegistryCredentials.Basic b) {
            credentials = new RegistryCredentials.Basic(b.username(), b.password().reveal());
        } else if (config.credentials() instanceof io.difflens.platform.config.RegistryCredentials.Bearer t) {
            credentials = new RegistryCredentials.Bearer(t.token().reveal());
        } else {
            credentials = new RegistryCredentials.None();
        }
        return new HttpSchemaRegistryClient(RegistryClientConfig.of(config.url().toString()).withCredentials(credentials));
    }
}
