package io.difflens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed bundle scores the same through Kafka as in process: {@code difflens demo} streams a synth-vqa
 * suite through the broker, the feature extractor and the answerer; {@code difflens eval} runs the same suite
 * and seed through the same pipelines without Kafka. Their accuracies must be equal.
 */
class DemoMatchesEvalIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 24;
  private static final String SEED = "4242";

  private static JsonNode lastJsonLine(String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args)).as(String.join(" ", args)).isZero();
    } finally {
      System.setOut(old);
    }
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
    System.out.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size())));
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  @Test
  void theDemoOverKafkaAndTheInProcessEvalGiveTheSameAccuracy(@TempDir Path dir) throws Exception {
    String zoo = RepositoryRoot.find().resolve("zoo").resolve("tiny").toString();
    JsonNode demo = lastJsonLine("demo", "--bundle", zoo, "--requests", Integer.toString(N), "--seed", SEED,
        "--rate", "50", "--exit-when-done", "--no-dashboard", "--data-dir", dir.toString());
    JsonNode eval = lastJsonLine("eval", "--bundle", zoo, "--suite", "synth-vqa", "--seed", SEED,
        "--n", Integer.toString(N), "--json");

    assertThat(demo.path("answered").asInt()).isEqualTo(N);
    assertThat(eval.path("n").asInt()).isEqualTo(N);
    assertThat(eval.path("feature_mode").asText()).isEqualTo("COND"); // the bundle's default, as the demo's
    // the demo prints 4 decimals
    assertThat(demo.path("accuracy").asDouble()).isCloseTo(eval.path("overall").asDouble(),
        org.assertj.core.data.Offset.offset(5e-5));
  }
}
