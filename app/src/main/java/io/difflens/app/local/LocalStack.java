package io.difflens.app.local;

import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import io.difflens.platform.registry.EmbeddedSchemaRegistry;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.platform.topics.TopicProvisioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The local stack: an embedded KRaft broker whose data lives in {@code <data-dir>/kafka}, the embedded
 * schema registry (its state in the broker's {@code _schemas} topic) and the provisioned topic catalog.
 * Restarting on the same data directory keeps topics, records and schema ids.
 */
public final class LocalStack implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;
  private final List<String> createdTopics;

  private LocalStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, List<String> createdTopics) {
    this.broker = broker;
    this.registry = registry;
    this.createdTopics = createdTopics;
  }

  /**
   * Starts everything and provisions {@code topics}.
   *
   * @param kafkaPort broker port, 0 for a free one
   * @param registryPort registry port, 0 for a free one
   */
  public static LocalStack start(Path dataDir, int kafkaPort, int registryPort, TopicCatalog topics) {
    Objects.requireNonNull(dataDir, "dataDir");
    if (kafkaPort < 0 || kafkaPort > 65535 || registryPort < 0 || registryPort > 65535) {
      throw new IllegalArgumentException("ports must be 0..65535, got kafka " + kafkaPort + " and registry " + registryPort);
    }
    var builder = EmbeddedKafkaBroker.builder().dataDir(dataDir.resolve("kafka"));
    if (kafkaPort != 0) {
      builder.port(kafkaPort); // 0 = the builder's own free-port choice
    }
    EmbeddedKafkaBroker broker = builder.build().start();
    EmbeddedSchemaRegistry registry = null;
    try {
      registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).host("127.0.0.1").port(registryPort).build().start();
      List<String> created;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        created = new TopicProvisioner(admin, Duration.ofSeconds(30)).createMissing(topics.all());
      }
      return new LocalStack(broker, registry, created);
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      broker.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  /** Topics this start created (empty on a restart). */
  public List<String> createdTopics() {
    return createdTopics;
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
    }
  }
}
