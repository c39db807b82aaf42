package io.difflens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.ExtractorSettings;
import io.difflens.featureextractor.FeatureExtractorService;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.lora.LoraConfig;
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
import io.difflens.platform.testing.Eventually;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicProvisioner;
import io.difflens.schemas.AdapterRelease;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.TrainingExample;
import io.difflens.schemas.TrainingStage;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import io.difflens.trainer.online.OnlineTrainerService;
import io.difflens.trainer.online.OnlineTrainerSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online loop across services: a co-located feature extractor answers with the base weights, the online
 * trainer releases an adapter on {@code model.adapters}, the extractor follows the topic and its next answers
 * name the released version.
 */
class OnlineTrainingLoopIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;

  private static InlineImage png(long seed) {
    byte[] png = ImagePreprocessor.png(ImagePreprocessor.toImage(TestImages.random(16, seed)));
    return InlineImage.newBuilder().setData(ByteBuffer.wrap(png)).setMediaType("image/png").build();
  }

  private static VqaRequest question(String id) {
    return VqaRequest.newBuilder().setId(id).setImage(png(7)).setPrompt("what color is the star")
        .setTraceContext(Map.of()).setCreatedAt(Instant.now()).build();
  }

  @Test
  void aFeatureExtractorFollowingModelAdaptersAnswersWithTheReleasedAdapter() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
        EmbeddedSchemaRegistry schemaRegistry =
            EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).build().start();
        ModelBundle trainerBundle = MicroBundles.load(dir.resolve("trainer-bundle"));
        ModelBundle servingBundle = MicroBundles.load(dir.resolve("serving-bundle"))) {
      HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(schemaRegistry.url());
      PlatformConfig config = PlatformConfig.from(ConfigValues.of(Map.of(
          "kafka.bootstrap.servers", broker.bootstrapServers(),
          "registry.url", schemaRegistry.url(),
          "topics.prefix", KafkaTestKit.uniqueTopic("loop") + ".",
          "topics.partitions", "2",
          "topics.model.adapters.retention", "forever",
          "processing.batch.size", "16",
          "processing.batch.max.wait", "300ms"), "test"));
      KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
      try (Admin admin = kafka.admin()) {
        new TopicProvisioner(admin, Duration.ofSeconds(30)).createMissing(config.topics().all());
      }
      String requests = config.topics().name(EventTopic.VQA_REQUESTS);
      String answers = config.topics().name(EventTopic.VQA_ANSWERS);
      String examples = config.topics().name(EventTopic.TRAINING_EXAMPLES);
      String adapters = config.topics().name(EventTopic.MODEL_ADAPTERS);
      AvroSerializer<VqaRequest> requestSerializer =
          new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
      AvroDeserializer<VqaAnswer> answerDeserializer = new AvroDeserializer<>(registry, VqaAnswer.class);

      try (FeatureExtractorService extractor = FeatureExtractorService.start(config, registry, servingBundle,
          ExtractorSettings.defaults(ExtractorMode.COLOCATED).withGroupId(KafkaTestKit.uniqueGroup("fe")),
          ProcessorListener.NONE)) {
        kafka.produce(new StringSerializer(), requestSerializer,
            List.of(new ProducerRecord<>(requests, "before", question("before"))));
        VqaAnswer before = kafka.awaitCommitted(answers, 1, new StringDeserializer(), answerDeserializer, TIMEOUT)
            .get(0).value();
        assertThat(before.getStatus()).isEqualTo(AnswerStatus.OK);
        assertThat(before.getAdapterVersion()).isNull();

        List<ProducerRecord<String, TrainingExample>> train = new ArrayList<>();
        List<String> captions = List.of("a red star", "two blue squares", "a green circle", "one white star");
        for (int i = 0; i < 20; i++) {
          TrainingExample e = TrainingExample.newBuilder().setId("e" + i).setImage(png(100 + i))
              .setCaption(captions.get(i % captions.size())).setStage(TrainingStage.PRETRAIN)
              .setCreatedAt(Instant.now()).build();
          train.add(new ProducerRecord<>(examples, e.getId(), e));
        }
        kafka.produce(new StringSerializer(), new AvroSerializer<TrainingExample>(registry,
            AvroSerdeConfig.defaults(), false), train);
        Set<String> released;
        try (OnlineTrainerService trainer = OnlineTrainerService.start(config, registry, trainerBundle,
            OnlineTrainerSettings.defaults().withAdapterId("loop").withGroupId(KafkaTestKit.uniqueGroup("trainer"))
                .withLora(LoraConfig.of(8, 16f)).withLearningRate(2e-2f).withSchedule(2, 2, 2)
                .withAugmentation(0, 0),
            ProcessorListener.NONE)) {
          kafka.awaitCommitted(adapters, 1, new StringDeserializer(),
              new AvroDeserializer<>(registry, AdapterRelease.class), TIMEOUT);
          assertThat(trainer.releasedVersion()).isPresent();
        }
        // every version the trainer released before it stopped, not only those out when the first arrived
        released = kafka.readCommitted(adapters, new StringDeserializer(),
                new AvroDeserializer<>(registry, AdapterRelease.class), TIMEOUT).stream()
            .map(r -> r.value().getVersion()).collect(Collectors.toSet());
        Eventually.until(() -> extractor.activeAdapter().isPresent(), TIMEOUT,
            () -> "the extractor never switched to an adapter of " + released);
        assertThat(extractor.activeAdapter().get().adapterId()).isEqualTo("loop");

        kafka.produce(new StringSerializer(), requestSerializer,
            List.of(new ProducerRecord<>(requests, "after", question("after"))));
        Map<String, VqaAnswer> byId = kafka.awaitCommitted(answers, 2, new StringDeserializer(),
                answerDeserializer, TIMEOUT).stream()
            .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
        assertThat(byId.get("after").getStatus()).isEqualTo(AnswerStatus.OK);
        assertThat(byId.get("after").getAdapterVersion()).isIn(released);
      }
    }
  }
}
