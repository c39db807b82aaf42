package io.difflens.models.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every stored output of each golden folder (computed by diffusers itself) is reproduced within
 * 1e-4 norm-wise relative error, per tensor.
 */
class GoldenCheckTest {

  static final double TOLERANCE = 1e-4;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "scheduler_ddpm, DDPM_SCHEDULER",
    "scheduler_euler, EULER_DISCRETE_SCHEDULER",
    "unet_sd21_tiny, UNET_2D_CONDITION",
    "unet_sdxl_tiny, UNET_2D_CONDITION",
    "vae_tiny, AUTOENCODER_KL"
  })
  void reproducesEveryReferenceOutput(String folder, GoldenKind kind) throws IOException {
    GoldenReport report = GoldenCheck.run(Path.of("src/test/resources/golden", folder));
    System.out.println("== " + folder + "\n" + report.format());
    assertThat(report.kind()).isEqualTo(kind);
    assertThat(report.tensors()).isNotEmpty();
    for (TensorComparison t : report.tensors()) {
      assertThat(t.produced()).as(t.name() + ": " + t.problem()).isTrue();
      assertThat(t.relativeError()).as(t.name()).isLessThanOrEqualTo(TOLERANCE);
    }
  }
}
