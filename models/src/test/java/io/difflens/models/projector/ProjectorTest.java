package io.difflens.models.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.nn.ParameterPaths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectorTest {

  @Test
  void mlp2xGeluIsLinearExactGeluLinear() {
    Engine.getInstance().setRandomSeed(8);
    try (NDManager m = NDManager.newBaseManager()) {
      Projector p = new Projector(new ProjectorConfig(ProjectorType.MLP2X_GELU, 6, 10));
      p.initializeParameters(m, DataType.FLOAT32);
      Map<String, Parameter> params = ParameterPaths.of(p);
      assertThat(params.keySet())
          .containsExactly(
              "model.mm_projector.0.weight",
              "model.mm_projector.0.bias",
              "model.mm_projector.2.weight",
              "model.mm_projector.2.bias");
      NDArray x = m.randomNormal(new Shape(2, 3, 6));
      NDArray h =
          x.matMul(params.get("model.mm_projector.0.weight").getArray().transpose())
              .add(params.get("model.mm_projector.0.bias").getArray());
      // exact GELU: x * Phi(x), Phi from erf
      double[] hv = toDoubles(h.toFloatArray());
      float[] g = new float[hv.length];
      for (int i = 0; i < hv.length; i++) {
        g[i] = (float) (hv[i] * 0.5 * (1 + erf(hv[i] / Math.sqrt(2))));
      }
      NDArray expected =
          m.create(g, h.getShape())
              .matMul(params.get("model.mm_projector.2.weight").getArray().transpose())
              .add(params.get("model.mm_projector.2.bias").getArray());
      NDArray out = p.forward(x);
      assertThat(out.getShape()).isEqualTo(new Shape(2, 3, 10));
      assertThat(out.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
    }
  }

  @Test
  void linearProjectorIsABareLinearUnderMmProjector() {
    ProjectorConfig config =
        ProjectorConfig.fromJson(
            JsonFields.parse(
                "{\"mm_projector_type\":\"linear\",\"mm_hidden_size\":1024,\"hidden_size\":4096}"));
    assertThat(ParameterPaths.of(new Projector(config)).keySet())
        .containsExactly("model.mm_projector.weight", "model.mm_projector.bias");
    assertThatThrownBy(() -> ProjectorType.fromConfig("qformer")).hasMessageContaining("qformer");
  }

  @Test
  void gridPositionsAppendEachTokensCellCentreBeforeTheFirstLayer() {
    ProjectorConfig config =
        ProjectorConfig.fromJson(
            JsonFields.parse(
                "{\"mm_projector_type\":\"linear\",\"mm_hidden_size\":3,\"hidden_size\":5,"
                    + "\"mm_grid_positions\":true}"));
    assertThat(config.gridPositions()).isTrue();
    assertThat(config.inputSize()).isEqualTo(5);
    Engine.getInstance().setRandomSeed(9);
    try (NDManager m = NDManager.newBaseManager()) {
      Projector p = new Projector(config);
      p.initializeParameters(m, DataType.FLOAT32);
      NDArray w = ParameterPaths.of(p).get("model.mm_projector.weight").getArray();
      NDArray bias = ParameterPaths.of(p).get("model.mm_projector.bias").getArray();
      assertThat(w.getShape()).isEqualTo(new Shape(5, 5));
      NDArray x = m.randomNormal(new Shape(2, 4, 3)); // two images, a 2 x 2 grid
      // cell centres of a 2 x 2 grid, row-major: x to the right, y downwards
      float[][] xy = {{-0.5f, -0.5f}, {0.5f, -0.5f}, {-0.5f, 0.5f}, {0.5f, 0.5f}};
      float[] wv = w.toFloatArray();
      float[] bv = bias.toFloatArray();
      float[] xv = x.toFloatArray();
      float[] out = p.forward(x).toFloatArray();
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 4; t++) {
          float[] in = {xv[(b * 4 + t) * 3], xv[(b * 4 + t) * 3 + 1], xv[(b * 4 + t) * 3 + 2], xy[t][0], xy[t][1]};
          for (int o = 0; o < 5; o++) {
            float expected = bv[o];
            for (int i = 0; i < 5; i++) {
              expected += wv[o * 5 + i] * in[i];
            }
            assertThat(out[(b * 4 + t) * 5 + o]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
          }
        }
      }
      assertThatThrownBy(() -> p.forward(m.zeros(new Shape(1, 3, 3))))
          .hasMessageContaining("square grid")
          .hasMessageContaining("3 tokens");
    }
  }

  @Test
  void aNeighbourhoodReadsEachTokenWithItsZeroPaddedWindowInRowMajorOrder() {
    ProjectorConfig config =
        ProjectorConfig.fromJson(
            JsonFields.parse(
                "{\"mm_projector_type\":\"linear\",\"mm_hidden_size\":2,\"hidden_size\":3,"
                    + "\"mm_grid_positions\":true,\"mm_neighbourhood\":1}"));
    assertThat(config.neighbourhood()).isEqualTo(1);
    assertThat(config.windowTokens()).isEqualTo(9);
    assertThat(config.inputSize()).isEqualTo(9 * 2 + 2);
    Engine.getInstance().setRandomSeed(10);
    try (NDManager m = NDManager.newBaseManager()) {
      Projector p = new Projector(config);
      p.initializeParameters(m, DataType.FLOAT32);
      float[] wv = ParameterPaths.of(p).get("model.mm_projector.weight").getArray().toFloatArray();
      float[] bv = ParameterPaths.of(p).get("model.mm_projector.bias").getArray().toFloatArray();
      int g = 3;
      int c = 2;
      NDArray x = m.randomNormal(new Shape(2, g * g, c)); // two images, a 3 x 3 grid
      float[] xv = x.toFloatArray();
      float[] out = p.forward(x).toFloatArray();
      for (int b = 0; b < 2; b++) {
        for (int row = 0; row < g; row++) {
          for (int col = 0; col < g; col++) {
            float[] in = new float[config.inputSize()];
            int k = 0;
            for (int dr = -1; dr <= 1; dr++) {
              for (int dc = -1; dc <= 1; dc++, k++) {
                int rr = row + dr;
                int cc = col + dc;
                for (int ch = 0; ch < c; ch++) {
                  boolean on = rr >= 0 && rr < g && cc >= 0 && cc < g;
                  in[k * c + ch] = on ? xv[((b * g + rr) * g + cc) * c + ch] : 0f;
                }
              }
            }
            in[9 * c] = (2f * col + 1f) / g - 1f;
            in[9 * c + 1] = (2f * row + 1f) / g - 1f;
            int t = row * g + col;
            for (int o = 0; o < 3; o++) {
              float expected = bv[o];
              for (int i = 0; i < in.length; i++) {
                expected += wv[o * in.length + i] * in[i];
              }
              assertThat(out[(b * g * g + t) * 3 + o])
                  .as("image %d, token (%d, %d), output %d", b, row, col, o)
                  .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
            }
          }
        }
      }
      assertThatThrownBy(() -> p.forward(m.zeros(new Shape(1, 8, 2)))).hasMessageContaining("8 tokens");
    }
    assertThatThrownBy(
            () ->
                ProjectorConfig.fromJson(
                    JsonFields.parse("{\"mm_hidden_size\":4,\"hidden_size\":4,\"mm_neighbourhood\":-1}")))
        .hasMessageContaining("mm_neighbourhood");
    assertThatThrownBy(
            () ->
                ProjectorConfig.fromJson(
                    JsonFields.parse("{\"mm_hidden_size\":4,\"hidden_size\":4,\"mm_neighbourhood\":\"3x3\"}")))
        .hasMessageContaining("mm_neighbourhood");
    assertThatThrownBy(
            () ->
                ProjectorConfig.fromJson(
                    JsonFields.parse("{\"mm_hidden_size\":4,\"hidden_size\":4,\"mm_neighbourhood\":1.5}")))
        .hasMessageContaining("mm_neighbourhood");
  }

  @Test
  void aTokenMergeReadsEachBlockOfTokensAsOneTokenOnTheCoarserGrid() {
    ProjectorConfig config =
        ProjectorConfig.fromJson(
            JsonFields.parse(
                "{\"mm_projector_type\":\"linear\",\"mm_hidden_size\":2,\"hidden_size\":3,"
                    + "\"mm_grid_positions\":true,\"mm_token_merge\":2}"));
    assertThat(config.tokenMerge()).isEqualTo(2);
    assertThat(config.mergedSize()).isEqualTo(8);
    assertThat(config.inputSize()).isEqualTo(8 + 2);
    Engine.getInstance().setRandomSeed(12);
    try (NDManager m = NDManager.newBaseManager()) {
      Projector p = new Projector(config);
      p.initializeParameters(m, DataType.FLOAT32);
      float[] wv = ParameterPaths.of(p).get("model.mm_projector.weight").getArray().toFloatArray();
      float[] bv = ParameterPaths.of(p).get("model.mm_projector.bias").getArray().toFloatArray();
      int g = 4;
      int c = 2;
      int h = 2;
      NDArray x = m.randomNormal(new Shape(2, g * g, c)); // two images, a 4 x 4 grid
      float[] xv = x.toFloatArray();
      NDArray y = p.forward(x);
      assertThat(y.getShape()).isEqualTo(new Shape(2, h * h, 3));
      float[] out = y.toFloatArray();
      for (int b = 0; b < 2; b++) {
        for (int row = 0; row < h; row++) {
          for (int col = 0; col < h; col++) {
            float[] in = new float[config.inputSize()];
            for (int i = 0; i < 2; i++) {
              for (int j = 0; j < 2; j++) {
                int token = (2 * row + i) * g + 2 * col + j;
                for (int ch = 0; ch < c; ch++) {
                  in[(i * 2 + j) * c + ch] = xv[(b * g * g + token) * c + ch];
                }
              }
            }
            in[8] = (2f * col + 1f) / h - 1f;
            in[9] = (2f * row + 1f) / h - 1f;
            for (int o = 0; o < 3; o++) {
              float expected = bv[o];
              for (int i = 0; i < in.length; i++) {
                expected += wv[o * in.length + i] * in[i];
              }
              assertThat(out[(b * h * h + row * h + col) * 3 + o])
                  .as("image %d, block (%d, %d), output %d", b, row, col, o)
                  .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
            }
          }
        }
      }
      assertThatThrownBy(() -> p.forward(m.zeros(new Shape(1, 9, 2))))
          .hasMessageContaining("mm_token_merge 2")
          .hasMessageContaining("3 x 3");
    }
    for (String bad : new String[] {"0", "-2", "1.5", "\"2x2\""}) {
      assertThatThrownBy(
              () ->
                  ProjectorConfig.fromJson(
                      JsonFields.parse("{\"mm_hidden_size\":4,\"hidden_size\":4,\"mm_token_merge\":" + bad + "}")))
          .as(bad)
          .hasMessageContaining("mm_token_merge");
    }
  }

  @Test
  void llavaConfigsHaveNoGridPositionsAndABadFlagIsRefused() {
    ProjectorConfig llava =
        ProjectorConfig.fromJson(
            JsonFields.parse("{\"mm_projector_type\":\"mlp2x_gelu\",\"mm_hidden_size\":1024,\"hidden_size\":4096}"));
    assertThat(llava.gridPositions()).isFalse();
    assertThat(llava.neighbourhood()).isZero();
    assertThat(llava.tokenMerge()).isEqualTo(1);
    assertThat(llava.inputSize()).isEqualTo(1024);
    assertThatThrownBy(
            () ->
                ProjectorConfig.fromJson(
                    JsonFields.parse(
                        "{\"mm_hidden_size\":4,\"hidden_size\":4,\"mm_grid_positions\":\"yes\"}")))
        .hasMessageContaining("mm_grid_positions");
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** erf by its Taylor series (small x) or the erfc continued fraction (large x), to ~1e-12. */
  private static double erf(double x) {
    double ax = Math.abs(x);
    double r;
    if (ax < 2.5) {
      double sum = 0;
      double term = ax;
      for (int n = 0; n < 60; n++) {
        sum += term / (2 * n + 1);
        term *= -ax * ax / (n + 1);
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // continued fraction for erfc
      double f = ax;
      for (int n = 60; n >= 1; n--) {
        f = ax + (n / 2.0) / f;
      }
      r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -r : r;
  }
}
