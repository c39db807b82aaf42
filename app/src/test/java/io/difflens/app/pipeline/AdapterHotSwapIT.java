package io.difflens.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDManager;
import io.difflens.app.local.LocalPipeline;
import io.difflens.featureextractor.ActiveAdapter;
import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.ExtractorSettings;
import io.difflens.featureextractor.FeatureExtractorService;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.testing.Eventually;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AdapterRelease;
import io.difflens.schemas.AdapterStatus;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A LoRA adapter released on model.adapters is served from the next batch on, and answers name it. */
class AdapterHotSwapIT {

    @Test
    void aPromotedAdapterIsSwappedInBetweenBatchesAndNamedByEveryLaterAnswer(@TempDir Path dir) throws Exception {
        List<VqaRequest> before = PipelineFixture.requests(21, 8);
        List<VqaRequest> after = PipelineFixture.requests(22, 8);
        try (ModelBundle bundle = MicroBundles.load(dir.resolve("bundle"));
             LocalPipeline p = LocalPipeline.startStack(dir.resolve("stack"), PipelineIT.overrides())) {
            try (FeatureExtractorService worker = FeatureExtractorService.start(p.config(), p.registry(), bundle,
                    ExtractorSettings.from(p.config().values(), ExtractorMode.COLOCATED), ProcessorListener.NONE)) {
                PipelineFixture.publishRequests(p, before);
                PipelineFixture.awaitAnswers(p, before.size());

                PipelineFixture.publish(p, List.of(new ProducerRecord<String, GenericContainer>(
                        p.config().topics().name(EventTopic.MODEL_ADAPTERS), "style",
                        release(bundle, dir.resolve("adapter.safetensors")))));
                Eventually.until(() -> worker.activeAdapter().isPresent(), Duration.ofSeconds(60),
                        () -> "the worker to load the released adapter");
                assertThat(worker.activeAdapter()).contains(ActiveAdapter.of("style", "v1"));
                PipelineFixture.publishRequests(p, after);

                List<VqaAnswer> answers = PipelineFixture.awaitAnswers(p, before.size() + after.size());
                assertThat(answers).hasSize(before.size() + after.size())
                        .allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(AnswerStatus.OK));
                Set<String> late = after.stream().map(VqaRequest::getId).collect(Collectors.toSet());
                Map<Boolean, List<String>> versions = answers.stream().collect(Collectors.partitioningBy(
                        a -> late.contains(a.getRequestId()), Collectors.mapping(
                                a -> String.valueOf(a.getAdapterVersion()), Collectors.toList())));
                assertThat(versions.get(false)).containsOnly("null");
                assertThat(versions.get(true)).containsOnly("v1");
            }
        }
    }

    /** A freshly initialised LoRA adapter for the micro UNet, as the trainer would release it. */
    private static AdapterRelease release(ModelBundle bundle, Path file) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            LoraAdapter.create(LoraConfig.of(2, 2f), bundle.unet(), m, 5).save(file, "");
        }
        return AdapterRelease.newBuilder().setAdapterId("style").setVersion("v1").setBaseBundle("micro")
                .setPayload(ByteBuffer.wrap(Files.readAllBytes(file))).setStatus(AdapterStatus.PROMOTED)
                .setCreatedAt(Instant.now()).build();
    }
}
