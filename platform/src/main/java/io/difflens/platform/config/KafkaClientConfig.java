package io.difflens.platform.config;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings: the bootstrap servers and pass-through properties per client kind, so SASL,
 * TLS and any tuning need no code. Keys (after the prefix) are plain Kafka client properties:
 * <ul>
 *   <li>{@code kafka.bootstrap.servers}</li>
 *   <li>{@code kafka.common.*} for every client (e.g. {@code kafka.common.security.protocol=SASL_SSL})</li>
 *   <li>{@code kafka.producer.*}, {@code kafka.consumer.*}, {@code kafka.streams.*}, {@code kafka.admin.*}
 *       for one kind, winning over {@code common}</li>
 * </ul>
 *
 * @param bootstrapServers the {@code bootstrap.servers} value
 * @param common           properties for every client
 * @param producer         producer-only properties
 * @param consumer         consumer-only properties
 * @param streams          Kafka Streams properties
 * @param admin            admin-client properties
 */
public record KafkaClientConfig(String bootstrapServers, Map<String, String> common, Map<String, String> producer,
                                Map<String, String> consumer, Map<String, String> streams,
                                Map<String, String> admin) {

    /** Default bootstrap: a broker on this machine. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** Copies the maps and checks the bootstrap is a list of host:port. */
    public KafkaClientConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers", "kafka.bootstrap.servers must not be blank");
        }
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new ConfigException("kafka.bootstrap.servers", "invalid configuration: kafka.bootstrap.servers = '"
                        + bootstrapServers + "': '" + s + "' is not host:port");
            }
        }
        common = Map.copyOf(common);
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
        streams = Map.copyOf(streams);
        admin = Map.copyOf(admin);
    }

    /** A config with only a bootstrap. */
    public static KafkaClientConfig of(String bootstrapServers) {
        return new KafkaClientConfig(bootstrapServers, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Reads {@code kafka.*}. */
    public static KafkaClientConfig from(ConfigValues values) {
        return new KafkaClientConfig(values.string("kafka.bootstrap.servers", DEFAULT_BOOTSTRAP),
                values.withPrefix("kafka.common."), values.withPrefix("kafka.producer."),
                values.withPrefix("kafka.consumer."), values.withPrefix("kafka.streams."),
                values.withPrefix("kafka.admin."));
    }

    /** A copy pointing at other brokers (e.g. the embedded one). */
    public KafkaClientConfig withBootstrapServers(String servers) {
        return new KafkaClientConfig(servers, common, producer, consumer, streams, admin);
    }

    /** Producer properties: bootstrap, then common, then producer-specific. */
    public Map<String, Object> producerProperties() {
        return merge(producer);
    }

    /** Consumer properties: bootstrap, then common, then consumer-specific. */
    public Map<String, Object> consumerProperties() {
        return merge(consumer);
    }

    /** Kafka Streams properties: bootstrap, then common, then streams-specific. */
    public Map<String, Object> streamsProperties() {
        return merge(streams);
    }

    /** Admin-client properties: bootstrap, then common, then admin-specific. */
    public Map<String, Object> adminProperties() {
        return merge(admin);
    }

    private Map<String, Object> merge(Map<String, String> specific) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", bootstrapServers);
        m.putAll(common);
        m.putAll(specific);
        return m;
    }

    @Override
    public String toString() {
        return "KafkaClientConfig{bootstrapServers=" + bootstrapServers + ", common=" + masked(common)
                + ", producer=" + masked(producer) + ", consumer=" + masked(consumer) + ", streams="
                + masked(streams) + ", admin=" + masked(admin) + "}";
    }

    static Map<String, String> masked(Map<String, String> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Secret.isSecretKey(k) ? Secret.MASK : v));
        return out;
    }
}
