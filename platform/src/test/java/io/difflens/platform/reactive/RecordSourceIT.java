package io.difflens.platform.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.Eventually;
import io.difflens.platform.testing.KafkaTestKit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

@ExtendWith(EmbeddedKafkaExtension.class)
class RecordSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaTestKit kafka;

    RecordSourceIT(KafkaTestKit kafka) {
        this.kafka = kafka;
    }

    @Test
    void emitsOnlyWhatIsRequestedInOffsetOrder() {
        String topic = topicWith(1, 20);
        try (RecordSource<String, String> source = source(topic, KafkaTestKit.uniqueGroup("demand"), 8)) {
            StepVerifier.create(source.receive().map(ConsumerRecord::value), 1)
                    .expectNext("v0")
                    .thenRequest(2)
                    .expectNext("v1", "v2")
                    .then(() -> assertThat(source.bufferedRecords()).isLessThanOrEqualTo(8 + 8 - 1))
                    .thenRequest(17)
                    .expectNextSequence(values(3, 20))
                    .thenCancel()
                    .verify(TIMEOUT);
        }
    }

    @Test
    void slowSubscriberPausesPartitionsInsteadOfBuffering() {
        int n = 2000;
        int bound = 50;
        String topic = topicWith(2, n);
        try (RecordSource<String, String> source = source(topic, KafkaTestKit.uniqueGroup("slow"), bound)) {
            StepVerifier.create(source.receive(), 1)
                    .expectNextCount(1)
                    .then(() -> Eventually.until(() -> source.pausedPartitions().size() == 2, TIMEOUT,
                            () -> "both partitions paused; paused=" + source.pausedPartitions()
                                    + " buffered=" + source.bufferedRecords()))
                    .then(() -> {
                        assertThat(source.bufferedRecords()).isBetween(bound, 2 * bound - 1);
                        assertThat(source.peakBufferedRecords()).isLessThanOrEqualTo(2 * bound - 1);
                    })
                    .thenRequest(n - 1)
                    .expectNextCount(n - 1)
                    .then(() -> Eventually.until(() -> source.pausedPartitions().isEmpty(), TIMEOUT,
                            () -> "partitions resumed; paused=" + source.pausedPartitions()))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(source.peakBufferedRecords()).as("never buffered beyond the bound plus one poll")
                    .isLessThanOrEqualTo(2 * bound - 1);
        }
    }

    @Test
    void committedOffsetIsWhereTheGroupResumes() {
        String topic = topicWith(1, 10);
        String group = KafkaTestKit.uniqueGroup("commit");
        try (RecordSource<String, String> first = source(topic, group, 4)) {
            // take() after the commits: cancelling the source first would stop it before the last commit
            StepVerifier.create(first.receive().concatMap(r -> first.commit(r).thenReturn(r.value())).take(5), 5)
                    .expectNext("v0", "v1", "v2", "v3", "v4")
                    .expectComplete()
                    .verify(TIMEOUT);
        }
        try (RecordSource<String, String> second = source(topic, group, 4)) {
            StepVerifier.create(second.receive().map(ConsumerRecord::value), 1)
                    .expectNext("v5")
                    .thenCancel()
                    .verify(TIMEOUT);
        }
    }

    @Test
    void microBatchesKeepPartitionOrder() {
        String topic = topicWith(3, 90);
        try (RecordSource<String, String> source = source(topic, KafkaTestKit.uniqueGroup("batch"), 16)) {
            List<List<ConsumerRecord<String, String>>> batches = MicroBatcher
                    .batch(source.receive(), 7, Duration.ofMillis(200))
                    .scan(new java.util.ArrayList<List<ConsumerRecord<String, String>>>(), (all, b) -> {
                        all.add(b);
                        return all;
                    })
                    .filter(all -> all.stream().mapToInt(List::size).sum() >= 90)
                    .next()
                    .block(TIMEOUT);
            assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 7));
            Map<Integer, List<Long>> offsetsByPartition = batches.stream().flatMap(List::stream).collect(
                    Collectors.groupingBy(ConsumerRecord::partition,
                            Collectors.mapping(ConsumerRecord::offset, Collectors.toList())));
            assertThat(offsetsByPartition.values().stream().mapToInt(List::size).sum()).isEqualTo(90);
            offsetsByPartition.values().forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
        }
    }

    private String topicWith(int partitions, int records) {
        String topic = KafkaTestKit.uniqueTopic("src");
        kafka.createTopic(topic, partitions);
        kafka.produce(IntStream.range(0, records)
                .mapToObj(i -> new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i))
                .collect(Collectors.toList()));
        return topic;
    }

    private RecordSource<String, String> source(String topic, String group, int maxBuffered) {
        Map<String, Object> props = kafka.consumerConfig(group);
        return KafkaSources.create(new SourceOptions<>(props, List.of(topic), new StringDeserializer(),
                new StringDeserializer(), maxBuffered, Duration.ofMillis(100)));
    }

    private static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "v" + i).collect(Collectors.toList());
    }
}
