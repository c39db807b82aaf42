package io.difflens.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads configuration in layers, later layers winning: a properties file, then environment variables
 * named {@code DIFFLENS_...}, then explicit overrides (what the command line passes).
 *
 * <p>Environment names map to keys by dropping {@code DIFFLENS_}, lower-casing, reading {@code __} as
 * {@code -} and {@code _} as {@code .}: {@code DIFFLENS_KAFKA_PRODUCER_LINGER_MS} sets
 * {@code kafka.producer.linger.ms}, {@code DIFFLENS_TOPICS_DEAD__LETTERS_PARTITIONS} sets
 * {@code topics.dead-letters.partitions}.
 */
public final class ConfigLoader {

    /** Prefix of the environment variables that carry configuration. */
    public static final String ENV_PREFIX = "DIFFLENS_";

    private ConfigLoader() {
    }

    /**
     * Loads the layers.
     *
     * @param file      a properties file, or {@code null} for none; it must exist when given
     * @param env       the environment (usually {@code System.getenv()}); only {@code DIFFLENS_*} is read
     * @param overrides explicit key/value overrides, applied last
     */
    public static ConfigValues load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, ConfigValues.Entry> merged = new TreeMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
            String source = "file " + file.getFileName();
            p.stringPropertyNames().forEach(k -> merged.put(k, new ConfigValues.Entry(p.getProperty(k), source)));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                merged.put(envNameToKey(name), new ConfigValues.Entry(value, "environment " + name));
            }
        });
        overrides.forEach((k, v) -> merged.put(k, new ConfigValues.Entry(v, "override")));
        return new ConfigValues(merged);
    }

    /** {@code DIFFLENS_KAFKA_COMMON_SASL_MECHANISM} to {@code kafka.common.sasl.mechanism}. */
    public static String envNameToKey(String name) {
        if (!name.startsWith(ENV_PREFIX)) {
            throw new IllegalArgumentException("environment variable " + name + " does not start with " + ENV_PREFIX);
        }
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                .replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
    }
}
