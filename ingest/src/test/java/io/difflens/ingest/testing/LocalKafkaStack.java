package io.difflens.ingest.testing;

import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.registry.EmbeddedSchemaRegistry;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.topics.TopicProvisioner;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/**
 * An embedded registry on a test broker, plus the topic catalog provisioned under a prefix unique to the
 * test class, so classes sharing nothing but the machine never see each other's records.
 */
public final class LocalKafkaStack implements AutoCloseable {
  private final EmbeddedSchemaRegistry registry;
  private final PlatformConfig config;
  private final HttpSchemaRegistryClient client;

  public LocalKafkaStack(String bootstrapServers) {
    this.registry = EmbeddedSchemaRegistry.builder(bootstrapServers).build().start();
    String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    this.config = PlatformConfig.from(ConfigValues.of(Map.of(
        "kafka.bootstrap.servers", bootstrapServers,
        "registry.url", registry.url(),
        "topics.prefix", prefix,
        "topics.partitions", "2"), "test"));
    try (Admin admin = Admin.create(config.kafka().adminProperties())) {
      new TopicProvisioner(admin, Duration.ofSeconds(30)).createMissing(config.topics().all());
    }
    this.client = HttpSchemaRegistryClient.of(registry.url());
  }

  public PlatformConfig config() {
    return config;
  }

  public HttpSchemaRegistryClient registryClient() {
    return client;
  }

  public String registryUrl() {
    return registry.url();
  }

  @Override
  public void close() {
    client.close();
    registry.close();
  }
}
