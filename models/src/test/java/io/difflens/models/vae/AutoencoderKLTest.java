package io.difflens.models.vae;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.ParameterPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderKLTest {

  static final Path VAE = Path.of("src/test/resources/golden/vae_tiny");

  @TempDir Path tmp;

  @Test
  void seededSamplesAreReproducibleAndCentredOnTheMode() throws IOException {
    AutoencoderKL vae = AutoencoderKL.fromConfig(VAE.resolve("config.json"));
    try (NDManager m = NDManager.newBaseManager();
        TensorSource weights = Safetensors.open(VAE.resolve("model.safetensors"));
        TensorSource in = Safetensors.open(VAE.resolve("inputs.safetensors"))) {
      Checkpoints.load(vae, weights, m, Checkpoints.Options.defaults());
      LatentDistribution dist = vae.encode(in.load("sample", m));
      NDArray a = dist.sample(new SplittableRandom(42));
      NDArray b = dist.sample(new SplittableRandom(42));
      NDArray c = dist.sample(new SplittableRandom(43));
      assertThat(a.contentEquals(b)).isTrue();
      assertThat(a.contentEquals(c)).isFalse();
      assertThat(dist.mode().contentEquals(dist.mean())).isTrue();
      // the draw is mean + std * eps with |eps| rarely above 5
      NDArray z = a.sub(dist.mean()).div(dist.std());
      assertThat(z.abs().max().getFloat()).isLessThan(6f);
      assertThat(vae.scale(a).div(a).mean().getFloat())
          .isCloseTo(0.13025f, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void fullLegacyNamedVaeCheckpointLoads() throws IOException {
    AutoencoderKL vae = AutoencoderKL.fromConfig(VAE.resolve("config.json"));
    try (NDManager m = NDManager.newBaseManager()) {
      vae.initializeParameters(m, DataType.FLOAT32);
      Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
      // an old diffusers VAE: attention projections named query/key/value/proj_attn
      Checkpoints.stateDict(ParameterPaths.of(vae))
          .forEach(
              (name, array) ->
                  tensors.put(
                      name.replace(".to_q.", ".query.")
                          .replace(".to_k.", ".key.")
                          .replace(".to_v.", ".value.")
                          .replace(".to_out.0.", ".proj_attn."),
                      array));
      assertThat(tensors).containsKey("encoder.mid_block.attentions.0.proj_attn.weight");
      tensors.put("decoder.conv_in.weight", m.ones(new Shape(2, 2)));
      tensors.put("post_quant_conv.bias", m.ones(new Shape(4)));
      Path file = tmp.resolve("vae.safetensors");
      Safetensors.write(file, tensors, DType.F16, Map.of());
      AutoencoderKL restored = AutoencoderKL.fromConfig(VAE.resolve("config.json"));
      try (TensorSource src = Safetensors.open(file)) {
        Checkpoints.load(restored, src, m, AutoencoderKL.checkpointOptions());
      }
      for (String name :
          List.of("encoder.conv_in.weight", "encoder.mid_block.attentions.0.to_out.0.weight")) {
        NDArray w = ParameterPaths.of(restored).get(name).getArray();
        NDArray original = ParameterPaths.of(vae).get(name).getArray();
        // stored as F16: equal up to half-precision rounding
        assertThat(w.sub(original).abs().max().getFloat()).as(name).isLessThan(1e-3f);
      }
    }
  }

  @Test
  void gradientReachesEveryParameter() throws IOException {
    AutoencoderKL vae = AutoencoderKL.fromConfig(VAE.resolve("config.json"));
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      vae.initializeParameters(m, DataType.FLOAT32);
      Map<String, Parameter> params = ParameterPaths.of(vae);
      params.values().forEach(p -> p.freeze(false));
      NDArray images = m.randomUniform(-1f, 1f, new Shape(1, 3, 16, 16));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LatentDistribution dist = vae.encode(images);
        gc.backward(dist.mean().square().mean().add(dist.logvar().mean()));
      }
      List<String> noGradient = new ArrayList<>();
      params.forEach(
          (name, p) -> {
            if (p.getArray().getGradient().abs().sum().getFloat() == 0f) {
              noGradient.add(name);
            }
          });
      assertThat(noGradient).isEmpty();
    }
  }
}
