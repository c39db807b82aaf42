package io.difflens.app;

import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigLoader;
import io.difflens.platform.config.ConfigValues;
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
    ConfigValues values = ConfigLoader.load(configFile, System.getenv(), overrides());
    // Workaround: platform's TopicCatalog rejects its own default retention of model.adapters (FOREVER is a
    // negative Duration) unless the key is set explicitly; set the documented value when the user did not.
    String adapters = "topics.model.adapters.retention";
    if (values.get(adapters).isEmpty()) {
      Map<String, String> all = new LinkedHashMap<>();
      values.entries().forEach((k, e) -> all.put(k, e.value()));
      all.put(adapters, "forever");
      values = ConfigValues.of(all, "difflens command line");
    }
    return PlatformConfig.from(values);
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
