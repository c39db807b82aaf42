package io.difflens.models.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.vae.AutoencoderKL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from hub-style component folders ({@code unet/}, {@code vae/}). */
class FromPretrainedTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TempDir Path tmp;

  /** Copies a golden model into a hub-style folder, weights stored under {@code fileName}. */
  Path hubFolder(String golden, String fileName, DType storage, NDManager m) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(golden));
    Files.copy(GOLDEN.resolve(golden).resolve("config.json"), dir.resolve("config.json"));
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    try (TensorSource src = Safetensors.open(GOLDEN.resolve(golden).resolve("model.safetensors"))) {
      for (String name : src.tensors().keySet()) {
        tensors.put(name, src.load(name, m));
      }
    }
    Safetensors.write(dir.resolve(fileName), tensors, storage, Map.of("format", "pt"));
    return dir;
  }

  @Test
  void loadsFp16VariantIntoFloat32AndKeepsPredictionClose() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Path dir =
          hubFolder("unet_sdxl_tiny", "diffusion_pytorch_model.fp16.safetensors", DType.F16, m);
      UNet2DConditionModel unet = UNet2DConditionModel.fromPretrained(dir, m, DataType.FLOAT32);
      assertThat(ParameterPaths.of(unet).values())
          .allMatch(p -> p.getArray().getDataType() == DataType.FLOAT32);
      try (TensorSource in = Safetensors.open(GOLDEN.resolve("unet_sdxl_tiny/inputs.safetensors"));
          TensorSource out =
              Safetensors.open(GOLDEN.resolve("unet_sdxl_tiny/outputs.safetensors"))) {
        NDArray textEmbeds = in.load("text_embeds", m);
        NDArray pred =
            unet.forward(
                in.load("sample", m),
                in.load("timestep", m),
                in.load("encoder_hidden_states", m),
                new AddedConditions(textEmbeds, in.load("time_ids", m)));
        NDArray ref = out.load("noise_pred", m);
        double rel = pred.sub(ref).norm().getFloat() / ref.norm().getFloat();
        // half-precision weights: close, not exact
        assertThat(rel).isLessThan(1e-2).isGreaterThan(0);
      }
    }
  }

  @Test
  void createsParametersInTheRequestedType() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Path dir = hubFolder("vae_tiny", "diffusion_pytorch_model.safetensors", DType.F32, m);
      AutoencoderKL vae = AutoencoderKL.fromPretrained(dir, m, DataType.FLOAT16);
      assertThat(ParameterPaths.of(vae).values())
          .allMatch(p -> p.getArray().getDataType() == DataType.FLOAT16);
      Files.delete(dir.resolve("diffusion_pytorch_model.safetensors"));
      assertThatThrownBy(() -> AutoencoderKL.fromPretrained(dir, m, DataType.FLOAT32))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("diffusion_pytorch_model.safetensors");
    }
  }

  @Test
  void sdxlTimeIdsRepeatOneGeometryOverTheBatch() throws IOException {
    try (NDManager m = NDManager.newBaseManager();
        TensorSource in = Safetensors.open(GOLDEN.resolve("unet_sdxl_tiny/inputs.safetensors"))) {
      NDArray reference = in.load("time_ids", m); // row 1: 768,1024,16,32,896,1152
      AddedConditions added =
          AddedConditions.sdxl(in.load("text_embeds", m), 768, 1024, 16, 32, 896, 1152);
      assertThat(added.timeIds().getShape()).isEqualTo(reference.getShape());
      assertThat(added.timeIds().get(0).contentEquals(reference.get(1))).isTrue();
      assertThat(added.timeIds().get(1).contentEquals(reference.get(1))).isTrue();
    }
  }
}
