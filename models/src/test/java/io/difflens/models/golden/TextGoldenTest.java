package io.difflens.models.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every stored output of the transformers golden folders (CLIP towers, LLaMA with its greedy
 * generation) within 1e-4 norm-wise relative error, per tensor.
 */
class TextGoldenTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "clip_text, CLIP_TEXT",
    "clip_text_with_projection, CLIP_TEXT_WITH_PROJECTION",
    "clip_vision, CLIP_VISION",
    "llama, LLAMA"
  })
  void reproducesEveryOutput(String name, GoldenKind kind) throws IOException {
    GoldenReport report = GoldenCheck.run(GoldenFixtures.dir(name));
    System.out.println("== " + name + "\n" + report.format());
    assertThat(report.kind()).isEqualTo(kind);
    assertThat(report.tensors()).isNotEmpty();
    for (TensorComparison t : report.tensors()) {
      assertThat(t.produced()).as(t.name() + ": " + t.problem()).isTrue();
      assertThat(t.relativeError()).as(t.name()).isLessThanOrEqualTo(GoldenCheckTest.TOLERANCE);
    }
  }
}
