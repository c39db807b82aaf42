package io.difflens.models.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every stored output of the transformers golden folders within 1e-4 norm-wise relative error. */
class TextGoldenTest {

  static Path golden(String name) {
    try {
      return Path.of(TextGoldenTest.class.getResource("/golden/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clip_text", "clip_text_with_projection", "clip_vision", "llama"})
  void reproducesEveryOutput(String name) {
    GoldenReport report = GoldenCheck.check(golden(name));
    System.out.println("golden " + name + " (" + report.kind() + ")\n" + report.format());
    assertThat(report.errors()).isNotEmpty();
    assertThat(report.errors())
        .allSatisfy(e -> assertThat(e.relativeError()).as(e.name()).isLessThanOrEqualTo(1e-4));
    assertThat(report.passed(1e-4)).isTrue();
  }
}
