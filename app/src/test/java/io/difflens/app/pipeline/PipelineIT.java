package io.difflens.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.difflens.app.local.LocalPipeline;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services over a real (embedded) broker and registry, with a micro bundle. */
class PipelineIT {

    @TempDir
    static Path shared;

    static ModelBundle bundle;

    @BeforeAll
    static void loadBundle() {
        bundle = MicroBundles.load(shared.resolve("bundle"));
    }

    @AfterAll
    static void closeBundle() {
        bundle.close();
    }

    static Map<String, String> overrides(String... extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("topics.partitions", "4");
        m.put("processing.batch.size", "4");
        m.put("processing.batch.max.wait", "50ms");
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    @Test
    void twoExtractorsAndOneAnswererOverFourPartitionsAnswerEveryRequestExactlyOnce(@TempDir Path dir)
            throws Exception {
        List<VqaRequest> requests = PipelineFixture.requests(7, 32);
        // F32 features on the wire, so the Kafka path must reproduce the direct calls bit for bit
        try (LocalPipeline p = LocalPipeline.startStack(dir, overrides("extractor.features.dtype", "F32"))) {
            assertThat(KafkaTestKit.connect(p.bootstrapServers()).admin()
                    .describeTopics(List.of(p.config().topics().name(EventTopic.VQA_REQUESTS))).allTopicNames().get()
                    .values().iterator().next().partitions()).hasSize(4);
            p.startServices(bundle, new LocalPipeline.Layout(2, false), ProcessorListener.NONE);
            PipelineFixture.publishRequests(p, requests);

            List<VqaAnswer> answers = PipelineFixture.awaitAnswers(p, requests.size());

            assertThat(answers).hasSize(requests.size());
            assertThat(answers).extracting(VqaAnswer::getRequestId)
                    .containsExactlyInAnyOrderElementsOf(requests.stream().map(VqaRequest::getId).toList());
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.getStatus()).isEqualTo(AnswerStatus.OK);
                assertThat(a.getBundleId()).isEqualTo("micro");
                assertThat(a.getTimings()).containsKeys("queue", "decode", "extract", "answer", "end_to_end");
            });
            Map<String, String> viaKafka = answers.stream()
                    .collect(Collectors.toMap(VqaAnswer::getRequestId, VqaAnswer::getText));
            assertThat(viaKafka).isEqualTo(PipelineFixture.directAnswers(bundle, requests, false));
        }
    }

    @Test
    void colocatedWorkerAnswersLikeTheDirectPipeline(@TempDir Path dir) {
        List<VqaRequest> requests = PipelineFixture.requests(11, 16);
        try (LocalPipeline p = LocalPipeline.startStack(dir, overrides())) {
            p.startServices(bundle, new LocalPipeline.Layout(1, true), ProcessorListener.NONE);
            PipelineFixture.publishRequests(p, requests);

            List<VqaAnswer> answers = PipelineFixture.awaitAnswers(p, requests.size());

            assertThat(answers).hasSize(requests.size());
            assertThat(answers.stream().collect(Collectors.toMap(VqaAnswer::getRequestId, VqaAnswer::getText)))
                    .isEqualTo(PipelineFixture.directAnswers(bundle, requests, false));
            assertThat(PipelineFixture.committedCount(p, EventTopic.VQA_FEATURES)).isZero();
        }
    }
}
