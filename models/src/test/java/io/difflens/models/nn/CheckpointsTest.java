package io.difflens.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

  @TempDir Path tmp;
  NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Parameter param(String name, long... shape) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(shape))
        .build();
  }

  private static Map<String, Parameter> architecture() {
    Map<String, Parameter> params = new LinkedHashMap<>();
    params.put("proj.weight", param("weight", 4, 3));
    params.put("proj.bias", param("bias", 4));
    params.put("norm.weight", param("weight", 4));
    return params;
  }

  private Path write(Map<String, NDArray> tensors) throws IOException {
    Path file = tmp.resolve("ckpt.safetensors");
    Safetensors.write(file, tensors);
    return file;
  }

  @Test
  void reportsMissingUnexpectedAndMisShapedInOneMessage() throws IOException {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    tensors.put("proj.weight", manager.ones(new Shape(4, 3)));
    tensors.put("proj.bias", manager.ones(new Shape(5))); // mis-shaped
    tensors.put("extra.weight", manager.ones(new Shape(2))); // unexpected
    // norm.weight missing
    try (TensorSource source = Safetensors.open(write(tensors))) {
      Map<String, Parameter> params = architecture();
      assertThatThrownBy(
              () -> Checkpoints.load(params, source, manager, Checkpoints.Options.defaults()))
          .isInstanceOfSatisfying(
              CheckpointMismatchException.class,
              e -> {
                assertThat(e.missing()).containsExactly("norm.weight");
                assertThat(e.unexpected()).containsExactly("extra.weight");
                assertThat(e.misShaped())
                    .extracting(CheckpointMismatchException.ShapeMismatch::name)
                    .containsExactly("proj.bias");
              })
          .hasMessageContaining("norm.weight")
          .hasMessageContaining("extra.weight")
          .hasMessageContaining("proj.bias")
          .hasMessageContaining("(4)")
          .hasMessageContaining("(5)");
      // nothing was loaded: the check runs before any tensor is read
      assertThat(params.values()).noneMatch(Parameter::isInitialized);
    }
  }

  @Test
  void loadsWithPrefixIgnoringBuffersAndForeignKeys() throws IOException {
    NDArray w = manager.randomNormal(new Shape(4, 3));
    NDArray b = manager.randomNormal(new Shape(4));
    NDArray n = manager.randomNormal(new Shape(4));
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    tensors.put("tower.proj.weight", w);
    tensors.put("tower.proj.bias", b);
    tensors.put("tower.norm.weight", n);
    tensors.put("tower.embeddings.position_ids", manager.arange(0, 4, 1, DataType.INT64));
    tensors.put("lm_head.weight", manager.ones(new Shape(9, 9)));
    try (TensorSource source = Safetensors.open(write(tensors))) {
      Map<String, Parameter> params = architecture();
      Checkpoints.load(
          params, source, manager, Checkpoints.Options.defaults().withKeyPrefix("tower."));
      assertThat(params.get("proj.weight").getArray().contentEquals(w)).isTrue();
      assertThat(params.get("proj.bias").getArray().contentEquals(b)).isTrue();
      assertThat(params.get("norm.weight").getArray().contentEquals(n)).isTrue();
    }
  }

  @Test
  void overwritesInitialisedParametersInPlace() throws IOException {
    NDArray w = manager.randomNormal(new Shape(4, 3));
    Map<String, Parameter> params = new LinkedHashMap<>();
    Parameter p = param("weight", 4, 3);
    p.setInitializer(Initializer.ZEROS);
    p.initialize(manager, DataType.FLOAT32);
    NDArray existing = p.getArray();
    params.put("proj.weight", p);
    try (TensorSource source = Safetensors.open(write(Map.of("proj.weight", w)))) {
      Checkpoints.load(params, source, manager, Checkpoints.Options.defaults());
    }
    assertThat(p.getArray()).isSameAs(existing);
    assertThat(existing.contentEquals(w)).isTrue();
  }

  @Test
  void saveThenLoadRoundTrips() throws IOException {
    Map<String, Parameter> saved = architecture();
    saved
        .values()
        .forEach(
            p -> {
              p.setInitializer((m, shape, type) -> m.randomNormal(shape));
              p.initialize(manager, DataType.FLOAT32);
            });
    Path file = tmp.resolve("saved.safetensors");
    Checkpoints.save(saved, file, DType.F32, Map.of("format", "pt"));
    Map<String, Parameter> fresh = architecture();
    try (TensorSource source = Safetensors.open(file)) {
      Checkpoints.load(fresh, source, manager, Checkpoints.Options.defaults());
    }
    for (String name : saved.keySet()) {
      assertThat(fresh.get(name).getArray().contentEquals(saved.get(name).getArray()))
          .as(name)
          .isTrue();
    }
  }
}
