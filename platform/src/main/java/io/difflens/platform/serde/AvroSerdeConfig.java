package io.difflens.platform.serde;

import io.difflens.platform.registry.RegistryClientConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The serde's settings, read from the same keys as Confluent's Avro serde so existing client configs work.
 *
 * @param registry how to reach the registry; empty when a client is injected
 * @param autoRegister {@value #AUTO_REGISTER}: register the record's schema on first use (default true)
 * @param useLatestVersion {@value #USE_LATEST_VERSION}: write with the subject's latest schema instead
 *     (default false; meant for {@code autoRegister = false})
 * @param keyStrategy {@value #KEY_SUBJECT_NAME_STRATEGY} (default TopicName)
 * @param valueStrategy {@value #VALUE_SUBJECT_NAME_STRATEGY} (default TopicName)
 * @param specificReader {@value #SPECIFIC_AVRO_READER}: a deserializer without a target class returns the
 *     generated class named by the writer schema instead of a GenericRecord (default false)
 */
public record AvroSerdeConfig(
        Optional<RegistryClientConfig> registry,
        boolean autoRegister,
        boolean useLatestVersion,
        SubjectNameStrategy keyStrategy,
        SubjectNameStrategy valueStrategy,
        boolean specificReader) {

    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    public AvroSerdeConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(keyStrategy, "keyStrategy");
        Objects.requireNonNull(valueStrategy, "valueStrategy");
    }

    /** Defaults, with an injected client. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(Optional.empty(), true, false,
                SubjectNameStrategy.TOPIC_NAME, SubjectNameStrategy.TOPIC_NAME, false);
    }

    /** Reads the Confluent keys; the registry keys are required only when {@code registryRequired}. */
    public static AvroSerdeConfig fromConfigs(Map<String, ?> configs, boolean registryRequired) {
        Optional<RegistryClientConfig> registry = registryRequired || configs.containsKey(RegistryClientConfig.URL)
                ? Optional.of(RegistryClientConfig.fromConfigs(configs))
                : Optional.empty();
        return new AvroSerdeConfig(
                registry,
                bool(configs, AUTO_REGISTER, true),
                bool(configs, USE_LATEST_VERSION, false),
                strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
                strategy(configs, VALUE_SUBJECT_NAME_STRATEGY),
                bool(configs, SPECIFIC_AVRO_READER, false));
    }

    public AvroSerdeConfig withAutoRegister(boolean value) {
        return new AvroSerdeConfig(registry, value, useLatestVersion, keyStrategy, valueStrategy, specificReader);
    }

    public AvroSerdeConfig withUseLatestVersion(boolean value) {
        return new AvroSerdeConfig(registry, autoRegister, value, keyStrategy, valueStrategy, specificReader);
    }

    public AvroSerdeConfig withValueStrategy(SubjectNameStrategy value) {
        return new AvroSerdeConfig(registry, autoRegister, useLatestVersion, keyStrategy, value, specificReader);
    }

    public AvroSerdeConfig withKeyStrategy(SubjectNameStrategy value) {
        return new AvroSerdeConfig(registry, autoRegister, useLatestVersion, value, valueStrategy, specificReader);
    }

    /** The strategy for keys or values. */
    public SubjectNameStrategy strategy(boolean isKey) {
        return isKey ? keyStrategy : valueStrategy;
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value instanceof Class<?> c) {
            value = c.getName();
        }
        return value == null ? SubjectNameStrategy.TOPIC_NAME : SubjectNameStrategy.parse(value.toString());
    }
}
