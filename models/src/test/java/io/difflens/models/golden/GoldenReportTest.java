package io.difflens.models.golden;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A golden check must fail on a wrong output and on an output it cannot produce. */
class GoldenReportTest {

  @TempDir Path tmp;

  @Test
  void perturbedAndUnknownOutputsFail() throws IOException {
    Path source = Path.of("src/test/resources/golden/scheduler_ddpm");
    Files.copy(source.resolve("config.json"), tmp.resolve("config.json"));
    Files.copy(source.resolve("inputs.safetensors"), tmp.resolve("inputs.safetensors"));
    try (NDManager m = NDManager.newBaseManager();
        TensorSource ref = Safetensors.open(source.resolve("outputs.safetensors"))) {
      Map<String, NDArray> outputs = new LinkedHashMap<>();
      for (String name : ref.tensors().keySet()) {
        outputs.put(name, ref.load(name, m));
      }
      outputs.put("betas", outputs.get("betas").mul(1.01f));
      outputs.put("posterior_variance", outputs.get("betas"));
      Safetensors.write(tmp.resolve("outputs.safetensors"), outputs);
    }
    GoldenReport report = GoldenCheck.run(tmp);
    assertThat(report.passes(1e-4)).isFalse();
    Map<String, TensorComparison> byName = new LinkedHashMap<>();
    report.tensors().forEach(t -> byName.put(t.name(), t));
    assertThat(byName.get("betas").relativeError()).isBetween(0.009, 0.011);
    assertThat(byName.get("posterior_variance").produced()).isFalse();
    assertThat(byName.get("alphas_cumprod").relativeError()).isLessThan(1e-4);
    assertThat(report.maxRelativeError()).isInfinite();
    assertThat(report.format())
        .contains("posterior_variance\tFAILED")
        .endsWith("max_rel_err Infinity\n");
  }
}
