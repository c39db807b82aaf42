package io.difflens.platform.registry;

import io.difflens.platform.config.RegistryConfig;

/**
 * Builds registry clients from the platform configuration. The configuration holds its secrets as
 * {@link io.difflens.platform.config.Secret}s, the client as plain values; this is the one bridge between the two,
 * so every service authenticates to the registry the same way.
 */
public final class RegistryClients {
    private RegistryClients() {
    }

    /** An HTTP client for the registry at {@code config.url()}, authenticating with {@code config.credentials()}. */
    public static HttpSchemaRegistryClient from(RegistryConfig config) {
        RegistryClientConfig client = RegistryClientConfig.of(config.url().toString())
                .withCredentials(credentials(config.credentials()));
        return new HttpSchemaRegistryClient(client);
    }

    /** The client-side credentials for configured ones, secrets revealed. */
    public static RegistryCredentials credentials(io.difflens.platform.config.RegistryCredentials configured) {
        // Java 17 has no pattern matching in switch; the interface is sealed, so these three cases are all.
        if (configured instanceof io.difflens.platform.config.RegistryCredentials.Basic basic) {
            return new RegistryCredentials.Basic(basic.username(), basic.password().reveal());
        }
        if (configured instanceof io.difflens.platform.config.RegistryCredentials.Bearer bearer) {
            return new RegistryCredentials.Bearer(bearer.token().reveal());
        }
        return new RegistryCredentials.None();
    }
}
