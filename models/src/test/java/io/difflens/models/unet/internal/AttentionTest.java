package io.difflens.models.unet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionTest {

  @TempDir Path tmp;

  /** In half precision, an upcasting attention computes its scores in float32. */
  @Test
  void upcastKeepsScoresInFloat32UnderHalfPrecision() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      Attention full = new Attention("a", 8, 6, 2, 4, false, 0, 0f, true);
      full.initializeParameters(m, DataType.FLOAT32);
      Path file = tmp.resolve("attn.safetensors");
      Checkpoints.save(full, file, DType.F32, Map.of());

      NDArray x = m.randomNormal(new Shape(1, 5, 8));
      NDArray ctx = m.randomNormal(new Shape(1, 3, 6));
      ActivationCapture ref = ActivationCapture.of("a.logits");
      full.forward(x, ctx, ref);

      for (boolean upcast : new boolean[] {true, false}) {
        Attention half = new Attention("a", 8, 6, 2, 4, false, 0, 0f, upcast);
        half.initializeParameters(m, DataType.FLOAT16);
        try (TensorSource src = Safetensors.open(file)) {
          Checkpoints.load(half, src, m, Checkpoints.Options.defaults());
        }
        ActivationCapture got = ActivationCapture.of("a.logits");
        NDArray out =
            half.forward(
                x.toType(DataType.FLOAT16, false), ctx.toType(DataType.FLOAT16, false), got);
        assertThat(out.getDataType()).isEqualTo(DataType.FLOAT16);
        NDArray logits = got.captured().get("a.logits");
        assertThat(logits.getDataType()).isEqualTo(upcast ? DataType.FLOAT32 : DataType.FLOAT16);
        float err =
            logits
                .toType(DataType.FLOAT32, false)
                .sub(ref.captured().get("a.logits"))
                .abs()
                .max()
                .getFloat();
        assertThat(err).isLessThan(2e-2f);
      }
    }
  }
}
