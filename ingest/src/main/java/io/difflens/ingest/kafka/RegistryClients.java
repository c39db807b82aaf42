package io.difflens.ingest.kafka;

import io.difflens.platform.config.RegistryConfig;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.registry.RegistryClientConfig;
import io.difflens.platform.registry.RegistryCredentials;

/**
 * Builds a registry client from the platform configuration. The configuration and the client each have
 * their own credentials type (config carries {@code Secret}s, the client plain values); this is the bridge.
 */
public final class RegistryClients {
  private RegistryClients() {}

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
