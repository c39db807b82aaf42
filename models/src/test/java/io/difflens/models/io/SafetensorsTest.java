package io.difflens.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafetensorsTest {

  @TempDir Path tmp;
  NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  static Path resource(String name) {
    return Path.of("src/test/resources/golden").resolve(name);
  }

  /** Our reader against DJL's own whole-file decoder, on the reference files (F32 and I64). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "vae_tiny/model.safetensors",
        "unet_sdxl_tiny/outputs.safetensors",
        "scheduler_ddpm/inputs.safetensors",
        "scheduler_euler/inputs.safetensors"
      })
  void readsReferenceFilesLikeDjlDecoder(String file) throws IOException {
    Path path = resource(file);
    NDList expected;
    try (InputStream in = Files.newInputStream(path)) {
      expected = NDList.decode(manager, in);
    }
    try (TensorSource source = Safetensors.open(path)) {
      assertThat(source.tensors()).hasSize(expected.size());
      for (NDArray want : expected) {
        NDArray got = source.load(want.getName(), manager);
        assertThat(got.getShape()).as(want.getName()).isEqualTo(want.getShape());
        NDArray wantWidened =
            want.getDataType().isFloating() ? want : want.toType(DataType.INT64, false);
        assertThat(got.contentEquals(wantWidened)).as(want.getName()).isTrue();
      }
      assertThat(source.metadata()).containsEntry("format", "pt");
    }
  }

  @Test
  void exposesMetadataOfReferenceOutputs() throws IOException {
    try (TensorSource source = Safetensors.open(resource("unet_sd21_tiny/outputs.safetensors"))) {
      assertThat(source.metadata().get("attn2_forward_order"))
          .startsWith("[")
          .contains("down_blocks.0.attentions.0.transformer_blocks.0.attn2");
    }
  }

  @Test
  void roundTripsF32AndI64WithMetadata() throws IOException {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    tensors.put("b.weight", manager.randomNormal(new Shape(3, 5)));
    tensors.put("a.bias", manager.randomNormal(new Shape(5)));
    tensors.put("ids", manager.arange(0, 12, 1, DataType.INT64).reshape(3, 4));
    tensors.put("scalar", manager.create(2.5f));
    Path file = tmp.resolve("rt.safetensors");
    Safetensors.write(file, tensors, DType.F32, Map.of("format", "pt", "step", "12"));

    try (TensorSource source = Safetensors.open(file)) {
      assertThat(source.tensors().keySet()).containsExactly("b.weight", "a.bias", "ids", "scalar");
      assertThat(source.tensors().get("ids").dtype()).isEqualTo(DType.I64);
      assertThat(source.metadata()).containsEntry("step", "12");
      for (var e : tensors.entrySet()) {
        NDArray got = source.load(e.getKey(), manager);
        assertThat(got.contentEquals(e.getValue())).as(e.getKey()).isTrue();
      }
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.dataStart() % 8).as("data section alignment").isZero();
    }
  }

  @Test
  void roundTripsF16AsRoundedFloats() throws IOException {
    NDArray x = manager.randomNormal(new Shape(4, 6));
    Path file = tmp.resolve("half.safetensors");
    Safetensors.write(file, Map.of("x", x), DType.F16, Map.of());
    try (TensorSource source = Safetensors.open(file)) {
      assertThat(source.tensors().get("x").dtype()).isEqualTo(DType.F16);
      assertThat(source.tensors().get("x").byteLength()).isEqualTo(4 * 6 * 2);
      NDArray got = source.load("x", manager);
      assertThat(got.getDataType()).isEqualTo(DataType.FLOAT32);
      NDArray rounded = x.toType(DataType.FLOAT16, true).toType(DataType.FLOAT32, true);
      assertThat(got.contentEquals(rounded)).isTrue();
      assertThat(got.contentEquals(x)).isFalse();
    }
  }

  @Test
  void widensBf16AndI32() throws IOException {
    float[] values = {1.5f, -2.0f, 3.140625f, 0f, 1.0e-3f, -65280f};
    short[] bf16 = new short[values.length];
    float[] expected = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToIntBits(values[i]);
      bf16[i] = (short) (bits >>> 16); // truncation, as a bf16 writer that rounds toward zero
      expected[i] = Float.intBitsToFloat(bits & 0xFFFF0000);
    }
    Path file = tmp.resolve("mixed.safetensors");
    String header =
        "{\"h\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
            + "\"i\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[16,28]}}";
    RawSafetensors.write(
        file,
        header,
        28,
        new long[] {0, 16},
        new byte[][] {
          RawSafetensors.littleEndian(bf16), RawSafetensors.littleEndian(7, -3, 1 << 30)
        });
    try (TensorSource source = Safetensors.open(file)) {
      NDArray h = source.load("h", manager);
      assertThat(h.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(h.getShape()).isEqualTo(new Shape(2, 3));
      assertThat(h.toFloatArray()).containsExactly(expected);
      NDArray i = source.load("i", manager);
      assertThat(i.getDataType()).isEqualTo(DataType.INT64);
      assertThat(i.toLongArray()).containsExactly(7L, -3L, 1L << 30);
    }
  }

  /**
   * A 3 GB sparse file (only the header and the last tensor's pages are written): the tensor sits
   * past the 2 GB mark, so an int offset anywhere would misplace it.
   */
  @Test
  void readsTensorsPastTwoGigabytes() throws IOException {
    long far = 3_000_000_000L;
    Path file = tmp.resolve("big.safetensors");
    String header =
        "{\"near\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"far\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":["
            + far
            + ","
            + (far + 12)
            + "]}}";
    RawSafetensors.write(
        file,
        header,
        far + 12,
        new long[] {0, far},
        new byte[][] {
          RawSafetensors.littleEndian(1f, 2f), RawSafetensors.littleEndian(4f, 5f, 6f)
        });
    assertThat(Files.size(file)).isGreaterThan(far);
    try (SafetensorsFile source = SafetensorsFile.open(file)) {
      assertThat(source.tensors().get("far").begin()).isEqualTo(far);
      assertThat(source.load("far", manager).toFloatArray()).containsExactly(4f, 5f, 6f);
      assertThat(source.load("near", manager).toFloatArray()).containsExactly(1f, 2f);
    }
  }

  @Test
  void readsShardedCheckpointThroughItsIndex() throws IOException {
    NDArray a = manager.randomNormal(new Shape(2, 2));
    NDArray b = manager.randomNormal(new Shape(3));
    NDArray c = manager.randomNormal(new Shape(1, 4));
    Safetensors.write(tmp.resolve("model-00001-of-00002.safetensors"), Map.of("a", a, "b", b));
    Safetensors.write(tmp.resolve("model-00002-of-00002.safetensors"), Map.of("c", c));
    Files.writeString(
        tmp.resolve("model.safetensors.index.json"),
        "{\"metadata\":{\"total_size\":36},\"weight_map\":{"
            + "\"a\":\"model-00001-of-00002.safetensors\","
            + "\"b\":\"model-00001-of-00002.safetensors\","
            + "\"c\":\"model-00002-of-00002.safetensors\"}}");
    try (TensorSource source = Safetensors.open(tmp)) {
      assertThat(source).isInstanceOf(ShardedSafetensors.class);
      assertThat(source.tensors().keySet()).containsExactly("a", "b", "c");
      assertThat(source.metadata()).containsEntry("total_size", "36");
      assertThat(source.load("a", manager).contentEquals(a)).isTrue();
      assertThat(source.load("c", manager).contentEquals(c)).isTrue();
    }
  }

  @Test
  void rejectsShardIndexNamingAbsentTensor() throws IOException {
    Safetensors.write(tmp.resolve("s1.safetensors"), Map.of("a", manager.ones(new Shape(1))));
    Path index = tmp.resolve("m.safetensors.index.json");
    Files.writeString(
        index, "{\"weight_map\":{\"a\":\"s1.safetensors\",\"zz\":\"s1.safetensors\"}}");
    assertThatThrownBy(() -> ShardedSafetensors.open(index))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("zz");
  }

  @Test
  void rejectsOffsetsBeyondTheFile() throws IOException {
    Path file = tmp.resolve("bad.safetensors");
    String header = "{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    RawSafetensors.write(file, header, 8, new long[0], new byte[0][]);
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'t'")
        .hasMessageContaining("16");
  }

  @Test
  void rejectsOffsetsThatDisagreeWithShape() throws IOException {
    Path file = tmp.resolve("bad2.safetensors");
    String header = "{\"t\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    RawSafetensors.write(file, header, 16, new long[0], new byte[0][]);
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("needs 8");
  }

  @Test
  void loadedArraysAreWritableCopies() throws IOException {
    Path file = tmp.resolve("w.safetensors");
    Safetensors.write(file, Map.of("w", manager.zeros(new Shape(3))));
    try (TensorSource source = Safetensors.open(file)) {
      NDArray w = source.load("w", manager);
      w.addi(1f);
      assertThat(w.toFloatArray()).containsExactly(1f, 1f, 1f);
      assertThat(source.load("w", manager).toFloatArray()).containsExactly(0f, 0f, 0f);
    }
  }
}
