package io.difflens.models.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check itself fails on a wrong or unproducible output and on an unknown kind. */
class GoldenCheckFailureTest {
  @TempDir Path dir;

  @Test
  void perturbedAndUnproducibleOutputsFail() throws Exception {
    Path source = GoldenFixtures.dir("clip_text");
    for (String f : new String[] {"config.json", "model.safetensors", "inputs.safetensors"}) {
      Files.copy(source.resolve(f), dir.resolve(f));
    }
    try (NDManager m = NDManager.newBaseManager();
        TensorSource reference = GoldenFolder.open(source).outputs()) {
      Map<String, NDArray> outputs = new LinkedHashMap<>();
      for (String name : reference.tensors().keySet()) {
        outputs.put(name, reference.load(name, m));
      }
      NDArray pooled = outputs.get("pooler_output");
      outputs.put("pooler_output", pooled.add(pooled.abs().max().mul(0.01f)));
      outputs.put("attention_probs.0", m.ones(new Shape(2)));
      Safetensors.write(dir.resolve("outputs.safetensors"), outputs);
    }
    GoldenReport report = GoldenCheck.run(dir);
    assertThat(report.passes(1e-4)).isFalse();
    Map<String, TensorComparison> byName = new LinkedHashMap<>();
    report.tensors().forEach(e -> byName.put(e.name(), e));
    assertThat(byName.get("pooler_output").relativeError()).isGreaterThan(1e-3).isFinite();
    assertThat(byName.get("attention_probs.0").produced()).isFalse();
    assertThat(byName.get("attention_probs.0").relativeError()).isInfinite();
    assertThat(byName.get("last_hidden_state").relativeError()).isLessThan(1e-4);
    assertThat(report.format()).contains("FAILED").endsWith("max_rel_err Infinity\n");
  }

  @Test
  void unknownKindIsNamed() {
    assertThatThrownBy(
            () -> GoldenKind.detect(JsonFields.parse("{\"architectures\":[\"GPT2LMHeadModel\"]}")))
        .hasMessageContaining("GPT2LMHeadModel");
  }
}
