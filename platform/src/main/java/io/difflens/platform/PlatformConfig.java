package io.difflens.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.difflens.platform.config.ConfigLoader;
import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.config.HttpConfig;
import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.config.RegistryConfig;
import io.difflens.platform.reactive.ProcessingConfig;
import io.difflens.platform.topics.TopicCatalog;

/**
 * Everything the platform needs to know about its environment, validated at construction. Load it with
 * {@link #load(Path, Map, Map)} (file, then {@code DIFFLENS_*} environment, then overrides); every part
 * documents its keys. Secrets are masked in {@code toString()}.
 *
 * @param kafka      broker address and client pass-through properties
 * @param registry   schema registry URL and credentials
 * @param topics     topic names and specs
 * @param processing batching and retries
 * @param http       the service's HTTP endpoint
 * @param values     the raw values, for services that read keys of their own
 */
public record PlatformConfig(KafkaClientConfig kafka, RegistryConfig registry, TopicCatalog topics,
                             ProcessingConfig processing, HttpConfig http, ConfigValues values) {

    /** Requires every part. */
    public PlatformConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(values, "values");
    }

    /** Parses every part from {@code values}. */
    public static PlatformConfig from(ConfigValues values) {
        return new PlatformConfig(KafkaClientConfig.from(values), RegistryConfig.from(values),
                TopicCatalog.from(values), ProcessingConfig.from(values), HttpConfig.from(values), values);
    }

    /**
     * Loads the layers and parses them.
     *
     * @param file      a properties file or {@code null}
     * @param env       the environment, usually {@code System.getenv()}
     * @param overrides explicit overrides (e.g. from command-line flags), applied last
     */
    public static PlatformConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return from(ConfigLoader.load(file, env, overrides));
    }

    /** Every default: local broker and registry, default topics. */
    public static PlatformConfig defaults() {
        return from(ConfigValues.of(Map.of(), "defaults"));
    }

    /** A copy pointing at other brokers. */
    public PlatformConfig withBootstrapServers(String servers) {
        return new PlatformConfig(kafka.withBootstrapServers(servers), registry, topics, processing, http, values);
    }
}
