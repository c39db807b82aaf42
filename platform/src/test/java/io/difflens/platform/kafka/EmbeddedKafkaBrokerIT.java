package io.difflens.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.difflens.platform.testing.KafkaTestKit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void restartOnTheSameDataDirKeepsTopicsAndRecords(@TempDir Path dir) {
        String topic = KafkaTestKit.uniqueTopic("kept");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start()) {
            KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
            kafka.createTopic(topic, 2);
            kafka.produce(List.of(new ProducerRecord<>(topic, 0, "a", "1"), new ProducerRecord<>(topic, 1, "b", "2")));
        }
        assertThat(dir.resolve("kraft-logs/meta.properties")).exists();

        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.builder().dataDir(dir).build().start()) {
            KafkaTestKit kafka = KafkaTestKit.connect(again.bootstrapServers());
            assertThat(kafka.topicNames()).contains(topic);
            List<ConsumerRecord<String, String>> records = kafka.readCommittedStrings(topic, TIMEOUT);
            assertThat(records).extracting(ConsumerRecord::partition, ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(0, "a", "1"),
                            org.assertj.core.groups.Tuple.tuple(1, "b", "2"));
        }
        assertThat(dir).as("a caller's data dir is never deleted").isDirectory();
    }

    @Test
    void transactionsCommitAndAbort() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
            String topic = KafkaTestKit.uniqueTopic("tx");
            kafka.createTopic(topic, 1);
            Map<String, Object> config = kafka.producerConfig();
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaTestKit.uniqueGroup("tx-id"));
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", "committed"));
                producer.commitTransaction();
            }
            assertThat(kafka.readCommittedStrings(topic, TIMEOUT)).extracting(ConsumerRecord::value)
                    .containsExactly("committed");
        }
    }

    @Test
    void temporaryDataDirIsDeletedOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        Path dir = broker.dataDir();
        assertThat(Files.isDirectory(dir)).isTrue();
        broker.close();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(broker::start).hasMessageContaining("CLOSED");
    }

    @Test
    void builderRejectsBadPort() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }
}
