package io.difflens.platform.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates missing topics from their specs and checks existing ones against them, through an
 * {@link Admin} client it does not own. Never alters or deletes an existing topic: a mismatch is reported,
 * since changing a live topic (e.g. its cleanup policy) is an operator's decision.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin   the admin client to use (the caller closes it)
     * @param timeout the longest wait for each admin call
     */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates every topic of {@code specs} that does not exist yet.
     *
     * @return the names of the topics created now (a topic created concurrently by someone else is not listed)
     */
    public List<String> createMissing(Collection<TopicSpec> specs) {
        Set<String> existing = await(admin.listTopics().names(), "listing topics");
        List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.topicConfigs()))
                .collect(Collectors.toList());
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(r.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + r.getKey() + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + r.getKey(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + r.getKey() + " took longer than " + timeout, e);
            }
        }
        return List.copyOf(created);
    }

    /**
     * Compares the broker's topics with {@code specs}.
     *
     * @return every problem found, empty when all topics exist with settings at least as strong as their specs
     */
    public List<TopicProblem> verify(Collection<TopicSpec> specs) {
        Set<String> existing = await(admin.listTopics().names(), "listing topics");
        List<TopicProblem> problems = new ArrayList<>();
        List<TopicSpec> present = new ArrayList<>();
        for (TopicSpec s : specs) {
            if (existing.contains(s.name())) {
                present.add(s);
            } else {
                problems.add(new TopicProblem(s.name(), TopicProblem.Kind.MISSING, "topic does not exist"));
            }
        }
        if (present.isEmpty()) {
            return problems;
        }
        List<String> names = present.stream().map(TopicSpec::name).collect(Collectors.toList());
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames(), "describing topics");
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .collect(Collectors.toList());
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describing topic configs");
        for (TopicSpec s : present) {
            TopicDescription d = descriptions.get(s.name());
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
            problems.addAll(compare(s, d, c));
        }
        return List.copyOf(problems);
    }

    static List<TopicProblem> compare(TopicSpec s, TopicDescription d, Config c) {
        List<TopicProblem> p = new ArrayList<>();
        int partitions = d.partitions().size();
        if (partitions < s.partitions()) {
            p.add(new TopicProblem(s.name(), TopicProblem.Kind.TOO_FEW_PARTITIONS,
                    "has " + partitions + " partitions, expected at least " + s.partitions()));
        }
        int replicas = d.partitions().stream().mapToInt(i -> i.replicas().size()).min().orElse(0);
        if (replicas < s.replicationFactor()) {
            p.add(new TopicProblem(s.name(), TopicProblem.Kind.REPLICATION_TOO_LOW,
                    "has replication factor " + replicas + ", expected at least " + s.replicationFactor()));
        }
        String policy = value(c, TopicConfig.CLEANUP_POLICY_CONFIG);
        CleanupPolicy actualPolicy = policy == null ? null : safePolicy(policy);
        if (actualPolicy != s.cleanupPolicy()) {
            p.add(new TopicProblem(s.name(), TopicProblem.Kind.WRONG_CLEANUP_POLICY,
                    "has cleanup.policy=" + policy + ", expected " + s.cleanupPolicy().configValue()));
        }
        String maxBytes = value(c, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (maxBytes == null || Long.parseLong(maxBytes) < s.maxMessageBytes()) {
            p.add(new TopicProblem(s.name(), TopicProblem.Kind.MAX_MESSAGE_BYTES_TOO_SMALL,
                    "has max.message.bytes=" + maxBytes + ", expected at least " + s.maxMessageBytes()));
        }
        String compression = value(c, TopicConfig.COMPRESSION_TYPE_CONFIG);
        if (compression == null || !compression.equalsIgnoreCase(s.compression().configValue())) {
            p.add(new TopicProblem(s.name(), TopicProblem.Kind.WRONG_COMPRESSION,
                    "has compression.type=" + compression + ", expected " + s.compression().configValue()));
        }
        String retention = value(c, TopicConfig.RETENTION_MS_CONFIG);
        if (retention == null || Long.parseLong(retention) != s.retention().toMillis()) {
            p.add(new TopicProblem(s.name(), TopicProblem.Kind.WRONG_RETENTION,
                    "has retention.ms=" + retention + ", expected " + s.retention().toMillis()));
        }
        return p;
    }

    private static CleanupPolicy safePolicy(String v) {
        try {
            return CleanupPolicy.fromConfigValue(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String value(Config c, String key) {
        ConfigEntry e = c == null ? null : c.get(key);
        return e == null ? null : e.value();
    }

    private <T> T await(KafkaFuture<T> f, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took longer than " + timeout, e);
        }
    }
}
