package io.difflens.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.difflens.app.Main;
import io.difflens.app.local.LocalPipeline;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.testing.Eventually;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The co-located worker as a separate process ({@code difflens serve colocated}), killed with SIGKILL while
 * it works through a stream, then restarted: a read_committed consumer sees exactly one answer per request.
 */
class ColocatedCrashIT {

    @Test
    void killedAndRestartedWorkerLeavesExactlyOneAnswerPerRequest(@TempDir Path dir) throws Exception {
        Path bundle = MicroBundles.create(dir.resolve("bundle"));
        List<VqaRequest> requests = PipelineFixture.requests(5, 48);
        try (LocalPipeline p = LocalPipeline.startStack(dir.resolve("stack"), PipelineIT.overrides(
                "processing.batch.size", "2"))) {
            PipelineFixture.publishRequests(p, requests.subList(0, 24));
            Process first = worker(p, bundle, dir.resolve("worker-1.log"));
            try {
                Eventually.until(() -> answers(p) >= 1 || !first.isAlive(), Duration.ofSeconds(120),
                        () -> "a first answer from the worker (log " + dir.resolve("worker-1.log") + ")");
                assertThat(first.isAlive()).as("worker still running when killed").isTrue();
            } finally {
                first.destroyForcibly().waitFor();
            }
            int beforeRestart = answers(p);
            assertThat(beforeRestart).as("killed mid-stream").isLessThan(requests.size());
            PipelineFixture.publishRequests(p, requests.subList(24, requests.size()));

            Process second = worker(p, bundle, dir.resolve("worker-2.log"));
            try {
                Eventually.until(() -> answers(p) >= requests.size() || !second.isAlive(), Duration.ofSeconds(180),
                        () -> "all answers after the restart (log " + dir.resolve("worker-2.log") + ")");
                // let any duplicate that a broken guarantee would produce arrive before counting
                Thread.sleep(2000);
                List<String> ids = KafkaTestKit.connect(p.bootstrapServers()).readCommitted(
                        p.config().topics().name(EventTopic.VQA_ANSWERS), new StringDeserializer(),
                        new AvroDeserializer<>(p.registry(), VqaAnswer.class), PipelineFixture.TIMEOUT).stream()
                        .map(r -> r.value().getRequestId()).toList();
                assertThat(ids).hasSize(requests.size());
                assertThat(ids).containsExactlyInAnyOrderElementsOf(
                        requests.stream().map(VqaRequest::getId).toList());
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
    }

    private static int answers(LocalPipeline p) {
        return PipelineFixture.committedCount(p, EventTopic.VQA_ANSWERS);
    }

    /** {@code difflens serve colocated} in a child JVM on this test's class path. */
    private static Process worker(LocalPipeline p, Path bundle, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.difflens.schemas");
        command.add("-Dai.djl.offline=true");
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            command.add("-DDJL_CACHE_DIR=" + cache);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("serve", "colocated", "--bootstrap", p.bootstrapServers(), "--registry",
                p.registryUrl(), "--bundle", bundle.toString(),
                // a stable id per slot: the restarted worker fences its predecessor's open transaction at once
                "-D", "extractor.transactional.id=colocated-slot-0",
                "-D", "topics.model.adapters.retention=forever",
                "-D", "processing.batch.size=2", "-D", "processing.batch.max.wait=50ms", "-D", "http.port=0"));
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
