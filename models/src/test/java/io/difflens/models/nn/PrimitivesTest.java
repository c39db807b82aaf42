package io.difflens.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class PrimitivesTest {

  /** A toy block shaped like a diffusers attention: {@code to_q}, {@code to_out.0}, a norm. */
  static final class Toy extends Module {
    final Linear toQ;
    final ModuleList<Linear> toOut;
    final GroupNorm norm;

    Toy() {
      norm = child("norm", new GroupNorm(2, 4, 1e-5f));
      toQ = child("to_q", new Linear(4, 8, false));
      toOut = child("to_out", new ModuleList<>());
      toOut.add(new Linear(8, 4, true));
    }
  }

  @Test
  void pathsFollowUpstreamNamesAndRegistrationOrder() {
    var paths = ParameterPaths.of(new Toy());
    assertThat(paths.keySet())
        .containsExactly(
            "norm.weight", "norm.bias", "to_q.weight", "to_out.0.weight", "to_out.0.bias");
    assertThat(paths.get("to_q.weight").getShape()).isEqualTo(new Shape(8, 4));
  }

  @Test
  void manifestNeedsNoAllocationAndCountsEveryParameter() {
    Toy toy = new Toy();
    ModelManifest m = ModelManifest.of(toy);
    // 4 + 4 (norm) + 32 (to_q) + 32 + 4 (to_out.0)
    assertThat(m.totalParameters()).isEqualTo(76);
    assertThat(m.format()).startsWith("norm.weight\t4\n").endsWith("# total_params: 76\n");
    assertThat(toy.isInitialized()).isFalse();
  }

  @Test
  void linearMatchesMatMulAndGroupNormMatchesItsDefinition() {
    Engine.getInstance().setRandomSeed(7);
    try (NDManager nd = NDManager.newBaseManager()) {
      Toy toy = new Toy();
      toy.initializeParameters(nd, DataType.FLOAT32);
      NDArray x = nd.randomNormal(new Shape(2, 3, 4));
      NDArray y = toy.toOut.get(0).forward(toy.toQ.forward(x));
      NDArray w1 = toy.toQ.weight().getArray();
      NDArray w2 = toy.toOut.get(0).weight().getArray();
      NDArray b2 = toy.toOut.get(0).bias().getArray();
      NDArray expected = x.matMul(w1.transpose()).matMul(w2.transpose()).add(b2);
      assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 4));
      assertThat(y.allClose(expected, 1e-5, 1e-6, false)).isTrue();

      // GroupNorm by its definition: per sample and group of 2 channels, (x - mean) / sqrt(var + eps).
      NDArray img = nd.randomNormal(new Shape(2, 4, 3, 3)).mul(3).add(1);
      NDArray g = img.reshape(2, 2, 18);
      NDArray mean = g.mean(new int[] {2}, true);
      NDArray var = g.sub(mean).pow(2).mean(new int[] {2}, true);
      NDArray ref = g.sub(mean).div(var.add(1e-5f).sqrt()).reshape(2, 4, 3, 3);
      assertThat(toy.norm.forward(img).allClose(ref, 1e-5, 1e-5, false)).isTrue();
    }
  }

  @Test
  void activationsMatchTheirFormulas() {
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray x = nd.create(new float[] {-2f, -0.5f, 0f, 0.5f, 2f});
      float[] quick = ActivationFunction.QUICK_GELU.apply(x).toFloatArray();
      float[] silu = ActivationFunction.SILU.apply(x).toFloatArray();
      float[] gelu = ActivationFunction.GELU.apply(x).toFloatArray();
      float[] xs = x.toFloatArray();
      for (int i = 0; i < xs.length; i++) {
        double v = xs[i];
        assertThat((double) quick[i]).isCloseTo(v / (1 + Math.exp(-1.702 * v)), within());
        assertThat((double) silu[i]).isCloseTo(v / (1 + Math.exp(-v)), within());
      }
      // exact GELU(2) = 2 * Phi(2) = 1.9544997361...
      assertThat((double) gelu[4]).isCloseTo(1.9544997361, within());
    }
    assertThat(ActivationFunction.fromConfig("quick_gelu")).isEqualTo(ActivationFunction.QUICK_GELU);
    assertThatThrownBy(() -> ActivationFunction.fromConfig("relu42"))
        .hasMessageContaining("relu42");
  }

  @Test
  void invalidConfigurationsNameTheirValues() {
    assertThatThrownBy(() -> new GroupNorm(3, 4, 1e-5f)).hasMessageContaining("channels=4 groups=3");
    assertThatThrownBy(() -> new Linear(0, 3, true)).hasMessageContaining("in=0");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
