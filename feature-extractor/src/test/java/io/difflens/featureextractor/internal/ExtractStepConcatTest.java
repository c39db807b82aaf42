package io.difflens.featureextractor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.RequestLimits;
import io.difflens.models.bundle.ComputeTarget;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DType;
import io.difflens.schemas.FeatureMode;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Co-located mode answers CONCAT requests with the bundle's CONCAT answerer: a real micro bundle, no broker. */
class ExtractStepConcatTest {

  @Test
  void colocatedConcatRequestsAreAnsweredByTheConcatAnswerer(@TempDir Path dir) throws Exception {
    MicroBundles.create(dir);
    MicroBundles.addAnswererVariant(dir, ModelBundle.CONCAT_ANSWERER, 64, 4);
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    try (ModelBundle bundle = ModelBundle.load(dir, ComputeTarget.cpu())) {
      FeatureExtractor extractor = new FeatureExtractor(bundle);
      Answerer own = new Answerer(bundle);
      Answerer concat = Answerer.variant(bundle, ModelBundle.CONCAT_ANSWERER).orElseThrow();
      ExtractStep step = new ExtractStep(
          new ExtractStep.Routing(ExtractorMode.COLOCATED, "micro", "features", "answers", "dead", DType.F16),
          new RequestPlanner(bundle, extractor, RequestLimits.DEFAULTS), extractor, own, concat,
          new AvroDeserializer<>(registry, VqaRequest.class), Optional::empty, Clock.systemUTC());
      AvroSerializer<GenericContainer> ser = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
      VqaRequest cond = RequestPlannerTest.request().setId("cond").build();
      VqaRequest wide = RequestPlannerTest.request().setId("concat")
          .setOptions(RequestOptions.newBuilder().setFeatureMode(FeatureMode.CONCAT).build()).build();
      List<ProducerRecord<String, GenericContainer>> out = step.apply(List.of(
          new ConsumerRecord<>("requests", 0, 0, "cond", ser.serialize("requests", cond)),
          new ConsumerRecord<>("requests", 0, 1, "concat", ser.serialize("requests", wide))));

      List<VqaAnswer> answers = out.stream().filter(r -> r.topic().equals("answers"))
          .map(r -> (VqaAnswer) r.value()).toList();
      assertThat(answers).extracting(VqaAnswer::getRequestId).containsExactlyInAnyOrder("cond", "concat");
      assertThat(answers).allSatisfy(a -> assertThat(a.getStatus()).as(a.getError()).isEqualTo(AnswerStatus.OK));
    }
  }
}
