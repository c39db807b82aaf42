package io.difflens.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.trainer.Recipe;
import io.difflens.trainer.TrainPlan;
import io.difflens.trainer.ZooSizes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train all} restarts a recipe whose JVM crashed, from its checkpoint, and nothing else. The recipes here
 * are real processes (a shell that kills itself with a signal, or exits with a status), so the exit statuses are
 * the ones the JVM's {@code Process} reports for a crash.
 */
class TrainAllRestartTest {

  private static final TrainPlan.Job CLIP = new TrainPlan.Job(Recipe.CLIP, null, List.of());
  private static final TrainPlan.Job UNET = new TrainPlan.Job(Recipe.UNET, null, List.of("clip"));

  @TempDir Path out;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  /** Each launch, as "job" or "job --resume". */
  private final List<String> launches = new ArrayList<>();

  /** Runs clip then unet; clip's attempts run {@code clipScripts} in turn, unet exits 0. */
  private int run(int retries, String... clipScripts) throws InterruptedException {
    TrainAll.Launcher launcher =
        (job, resume) -> {
          launches.add(job.key() + (resume ? " --resume" : ""));
          long attempts = launches.stream().filter(l -> l.startsWith(job.key())).count();
          String script = job == CLIP ? clipScripts[(int) attempts - 1] : "exit 0";
          return new ProcessBuilder("/bin/sh", "-c", script);
        };
    TrainAll all =
        new TrainAll(
            out,
            List.of(),
            List.of(),
            1,
            false,
            null,
            new PrintStream(console, true, StandardCharsets.UTF_8),
            null,
            ZooSizes.MICRO,
            retries,
            launcher);
    return all.run(List.of(CLIP, UNET));
  }

  private JsonNode report() throws Exception {
    return new ObjectMapper().readTree(out.resolve("training").resolve(TrainAll.REPORT).toFile());
  }

  @Test
  void aRecipeThatCrashesIsRestartedWithResumeAndWhatDependsOnItRuns() throws Exception {
    int code = run(1, "kill -s SEGV $$", "exit 0");

    assertThat(code).isZero();
    assertThat(launches).containsExactly("clip", "clip --resume", "unet");
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("clip       crashed (exit 139, signal 11")
        .contains("restarting it from its last checkpoint (restart 1 of at most 1)");
    JsonNode report = report();
    assertThat(report.path("complete").asBoolean()).isTrue();
    assertThat(report.path("recipes").get(0).path("recipe").asText()).isEqualTo("clip");
    assertThat(report.path("recipes").get(0).path("restarts").asInt()).isEqualTo(1);
    assertThat(report.path("recipes").get(1).has("restarts")).isFalse();
  }

  @Test
  void aRecipeThatFailsWithAnErrorIsNotRestarted() throws Exception {
    // a Java exception exits with 1: the same inputs would fail the same way again
    int code = run(1, "exit 1", "exit 0");

    assertThat(code).isEqualTo(1);
    assertThat(launches).containsExactly("clip");
    assertThat(report().path("failed").asText()).isEqualTo("clip");
  }

  @Test
  void restartsStopAtTheLimit() throws Exception {
    int code = run(1, "kill -s SEGV $$", "kill -s ABRT $$", "exit 0");

    assertThat(code).isEqualTo(1);
    assertThat(launches).containsExactly("clip", "clip --resume");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("clip       FAILED (exit 134)");
  }

  @Test
  void noRestartsWhenTheLimitIsZero() throws Exception {
    assertThat(run(0, "kill -s SEGV $$", "exit 0")).isEqualTo(1);
    assertThat(launches).containsExactly("clip");
  }

  @Test
  void onlyFaultSignalsCountAsCrashes() {
    assertThat(List.of(132, 134, 135, 136, 139)).allMatch(TrainAll::crashed);
    // an exception, Ctrl-C, SIGKILL (the out-of-memory killer) and SIGTERM
    assertThat(List.of(0, 1, 2, 130, 137, 143)).noneMatch(TrainAll::crashed);
  }
}
