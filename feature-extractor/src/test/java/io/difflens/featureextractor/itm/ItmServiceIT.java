package io.difflens.featureextractor.itm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.bundle.MatcherLayers;
import io.difflens.models.pipeline.AttentionMatcher;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.EmbeddedSchemaRegistry;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicProvisioner;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DeadLetter;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.ItmOptions;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.ItmVariant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on the embedded broker and registry with a micro bundle. */
class ItmServiceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static byte[] png(long seed) {
        return ImagePreprocessor.png(ImagePreprocessor.toImage(TestImages.random(16, seed)));
    }

    private static InlineImage inline(byte[] png) {
        return InlineImage.newBuilder().setData(ByteBuffer.wrap(png)).setMediaType("image/png").build();
    }

    private static ItmRequest request(String id, List<byte[]> images, List<String> texts, ItmOptions options) {
        List<Object> inline = new ArrayList<>();
        images.forEach(i -> inline.add(inline(i)));
        return ItmRequest.newBuilder().setId(id).setImages(inline).setTexts(texts).setOptions(options)
                .setTraceContext(Map.of()).setCreatedAt(Instant.now()).build();
    }

    private static List<List<Float>> matrix(float[][] scores) {
        List<List<Float>> out = new ArrayList<>();
        for (float[] row : scores) {
            List<Float> r = new ArrayList<>();
            for (float v : row) {
                r.add(v);
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void scoresEqualADirectMatcherCallBitForBitAndInvalidRequestsAreRejected() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
             EmbeddedSchemaRegistry schemaRegistry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).build()
                     .start();
             ModelBundle bundle = MicroBundles.load(dir.resolve("micro"))) {
            HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(schemaRegistry.url());
            String prefix = KafkaTestKit.uniqueTopic("itm") + ".";
            PlatformConfig config = PlatformConfig.from(ConfigValues.of(Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "registry.url", schemaRegistry.url(),
                    "topics.prefix", prefix,
                    "topics.partitions", "2",
                    "topics.model.adapters.retention", "forever",
                    "processing.batch.size", "4",
                    "processing.batch.max.wait", "100ms"), "test"));
            KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
            try (var admin = kafka.admin()) {
                new TopicProvisioner(admin, Duration.ofSeconds(30)).createMissing(config.topics().all());
            }
            String requests = config.topics().name(EventTopic.ITM_REQUESTS);
            String scores = config.topics().name(EventTopic.ITM_SCORES);
            String deadLetters = config.topics().name(EventTopic.DEAD_LETTERS);

            List<byte[]> images = List.of(png(1), png(2));
            List<String> texts = List.of("a red circle", "two blue squares", "a photo of a star");
            ItmOptions discffusion = ItmOptions.newBuilder().setVariant(ItmVariant.DISCFFUSION_DENOISING)
                    .setTimesteps(List.of(100, 600)).setSeed(11L).build();
            AvroSerializer<ItmRequest> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
            kafka.produce(new StringSerializer(), serializer, List.of(
                    new ProducerRecord<>(requests, "all", request("all", images, texts, null)),
                    new ProducerRecord<>(requests, "disc", request("disc", images.subList(1, 2), texts.subList(0, 2),
                            discffusion)),
                    new ProducerRecord<>(requests, "blank", request("blank", images, List.of("a", ""), null))));
            kafka.produce(new StringSerializer(), new ByteArraySerializer(),
                    List.of(new ProducerRecord<>(requests, "garbage", new byte[] {0, 0, 0, 0, 42, 7})));

            try (ItmService service = ItmService.start(config, registry, bundle,
                    ItmSettings.defaults().withGroupId(KafkaTestKit.uniqueGroup("itm")), ProcessorListener.NONE)) {
                kafka.awaitCommitted(scores, 4, new StringDeserializer(),
                        new AvroDeserializer<>(registry, ItmScores.class), TIMEOUT);
                kafka.awaitCommitted(deadLetters, 2, new StringDeserializer(),
                        new AvroDeserializer<>(registry, DeadLetter.class), TIMEOUT);
                assertThat(service.isRunning()).isTrue();
            }

            List<ConsumerRecord<String, ItmScores>> out = kafka.readCommitted(scores, new StringDeserializer(),
                    new AvroDeserializer<>(registry, ItmScores.class), TIMEOUT);
            assertThat(out).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("all", "disc", "blank", "garbage");
            Map<String, ItmScores> byId = out.stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));

            // the same computation in process, from the same encoded images
            AttentionMatcher matcher = new AttentionMatcher(bundle);
            ImagePreprocessor pre = new ImagePreprocessor(bundle.config().imageSize());
            List<ImageTensor> tensors = images.stream().map(pre::preprocess).toList();
            float[][] all = matcher.scores(tensors, texts, matcher.defaults());
            float[][] disc = matcher.scores(tensors.subList(1, 2), texts.subList(0, 2), matcher.defaults()
                    .withLayers(MatcherLayers.LAST_PER_STAGE).withDenoisingTerm(true).withTimesteps(List.of(100, 600))
                    .withSeed(11));

            ItmScores a = byId.get("all");
            assertThat(a.getStatus()).isEqualTo(AnswerStatus.OK);
            assertThat(a.getScores()).isEqualTo(matrix(all));
            assertThat(a.getScores()).hasSize(2).allSatisfy(row -> assertThat(row).hasSize(3));
            assertThat(a.getBundleId()).isEqualTo("micro");
            assertThat(a.getOptions().getVariant()).isEqualTo(ItmVariant.CROSS_ATTENTION);
            assertThat(a.getTimings()).containsKeys("decode", "match", "end_to_end");

            ItmScores d = byId.get("disc");
            assertThat(d.getStatus()).isEqualTo(AnswerStatus.OK);
            assertThat(d.getScores()).isEqualTo(matrix(disc));
            assertThat(d.getOptions().getTimesteps()).containsExactly(100, 600);
            assertThat(d.getOptions().getLayers()).containsExactly("LAST_PER_STAGE");
            assertThat(d.getOptions().getDenoisingTerm()).isTrue();
            assertThat(d.getOptions().getSeed()).isEqualTo(11L);

            assertThat(byId.get("blank").getStatus()).isEqualTo(AnswerStatus.REJECTED);
            assertThat(byId.get("blank").getError()).isEqualTo("text 1 is blank");
            assertThat(byId.get("blank").getScores()).isEmpty();
            assertThat(byId.get("garbage").getStatus()).isEqualTo(AnswerStatus.REJECTED);
            assertThat(byId.get("garbage").getError()).startsWith("undecodable request");

            Map<String, DeadLetter> letters = kafka.readCommitted(deadLetters, new StringDeserializer(),
                            new AvroDeserializer<>(registry, DeadLetter.class), TIMEOUT).stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
            assertThat(letters).containsOnlyKeys("blank", "garbage");
            assertThat(letters.get("blank").getStage()).isEqualTo("itm.validate");
            assertThat(letters.get("garbage").getStage()).isEqualTo("itm.deserialize");
            assertThat(letters.get("garbage").getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 42, 7}));
        }
    }
}
