package io.difflens.app;

import io.difflens.platform.PlatformConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the cluster is, shared by every command that talks to one: a configuration file, then
 * {@code DIFFLENS_*} environment variables, then {@code --set key=value}, then the explicit flags.
 */
public final class ClusterOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]", description = "Kafka bootstrap servers (key kafka.bootstrap.servers).")
  String bootstrap;

  @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (key registry.url).")
  String registry;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with difflens configuration.")
  Path configFile;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any configuration key, e.g. -D kafka.common.security.protocol=SSL.")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** The configuration these options, the file and the environment describe. */
  public PlatformConfig load() {
    return PlatformConfig.load(configFile, System.getenv(), overrides());
  }

  /** Whether a cluster was named by a flag, a configuration file or the environment. */
  public boolean namesCluster() {
    return bootstrap != null || configFile != null || overrides.containsKey("kafka.bootstrap.servers")
        || System.getenv("DIFFLENS_KAFKA_BOOTSTRAP_SERVERS") != null;
  }

  /** The overrides, flags last so they win. */
  public Map<String, String> overrides() {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    if (bootstrap != null) {
      all.put("kafka.bootstrap.servers", bootstrap);
    }
    if (registry != null) {
      all.put("registry.url", registry);
    }
    return all;
  }
}
