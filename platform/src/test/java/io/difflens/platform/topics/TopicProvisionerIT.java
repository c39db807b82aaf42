package io.difflens.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.KafkaTestKit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class TopicProvisionerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void createsMissingTopicsOnceAndThenFindsNoProblem(KafkaTestKit kafka) {
        TopicCatalog catalog = TopicCatalog.defaults(KafkaTestKit.uniqueTopic("p") + ".", 2);
        try (Admin admin = kafka.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);
            assertThat(provisioner.verify(catalog.all())).hasSize(EventTopic.values().length)
                    .allSatisfy(p -> assertThat(p.kind()).isEqualTo(TopicProblem.Kind.MISSING));
            assertThat(provisioner.createMissing(catalog.all()))
                    .containsExactlyInAnyOrderElementsOf(catalog.all().stream().map(TopicSpec::name).toList());
            assertThat(provisioner.createMissing(catalog.all())).isEmpty();
            assertThat(provisioner.verify(catalog.all())).isEmpty();
        }
    }

    @Test
    void reportsTopicsThatDifferFromTheirSpecs(KafkaTestKit kafka) {
        TopicCatalog catalog = TopicCatalog.defaults(KafkaTestKit.uniqueTopic("q") + ".", 2);
        String adapters = catalog.name(EventTopic.MODEL_ADAPTERS);
        String features = catalog.name(EventTopic.VQA_FEATURES);
        kafka.createTopic(adapters, 2, Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                "max.message.bytes", Integer.toString(16 * 1024 * 1024), "compression.type", "zstd"));
        kafka.createTopic(features, 1, Map.of("retention.ms", Long.toString(Duration.ofDays(1).toMillis()),
                "compression.type", "zstd"));
        try (Admin admin = kafka.admin()) {
            List<TopicProblem> problems = new TopicProvisioner(admin, TIMEOUT)
                    .verify(List.of(catalog.spec(EventTopic.MODEL_ADAPTERS), catalog.spec(EventTopic.VQA_FEATURES)));
            assertThat(problems).extracting(TopicProblem::topic, TopicProblem::kind).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(adapters, TopicProblem.Kind.WRONG_CLEANUP_POLICY),
                    org.assertj.core.groups.Tuple.tuple(features, TopicProblem.Kind.TOO_FEW_PARTITIONS),
                    org.assertj.core.groups.Tuple.tuple(features, TopicProblem.Kind.MAX_MESSAGE_BYTES_TOO_SMALL));
            assertThat(problems).map(TopicProblem::toString).anySatisfy(s -> assertThat(s)
                    .contains(features).contains("max.message.bytes").contains("16777216"));
        }
    }
}
