package io.difflens.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaExtensionIT {

    @Test
    void injectsARunningBrokerAndKit(EmbeddedKafkaBroker broker, KafkaTestKit kafka) {
        assertThat(broker.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo(broker.bootstrapServers());
        String topic = KafkaTestKit.uniqueTopic("ext");
        kafka.createTopic(topic, 3);
        kafka.produce(topic, "k", "v");
        assertThat(kafka.awaitCommittedStrings(topic, 1, Duration.ofSeconds(30)))
                .extracting(ConsumerRecord::value).containsExactly("v");
    }

    @Test
    void uniqueNamesDiffer() {
        assertThat(KafkaTestKit.uniqueTopic("t")).isNotEqualTo(KafkaTestKit.uniqueTopic("t"));
        assertThat(KafkaTestKit.uniqueGroup("g")).startsWith("g-");
    }

    @Nested
    class NestedTests {
        @Test
        void sharesTheOuterBroker(EmbeddedKafkaBroker broker) {
            assertThat(broker.isRunning()).isTrue();
        }
    }
}
