package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipTextOutput;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.TokenizedText;
import java.util.List;

/**
 * Prompts to UNet conditioning with the (frozen) CLIP text encoder, as SDXL does: the penultimate
 * hidden state as cross-attention context (B, 77, D) and the projected pooled embedding (B, P) for
 * {@code text_time}. The empty prompt encodes to zeros ({@code force_zeros_for_empty_prompt}).
 */
public final class TextConditioner {
  /** Context and pooled embedding of a batch of prompts. */
  public record Conditioning(NDArray context, NDArray pooled) {}

  private final ClipTokenizer tokenizer;
  private final ClipTextModel encoder;

  public TextConditioner(ClipTokenizer tokenizer, ClipTextModel encoder) {
    this.tokenizer = tokenizer;
    this.encoder = encoder;
  }

  public Conditioning encode(NDManager manager, List<String> prompts) {
    int b = prompts.size();
    int len = tokenizer.config().maxLength();
    long[] ids = new long[b * len];
    float[] keep = new float[b];
    for (int i = 0; i < b; i++) {
      TokenizedText t = tokenizer.encode(prompts.get(i));
      System.arraycopy(t.ids(), 0, ids, i * len, len);
      keep[i] = prompts.get(i).isBlank() ? 0f : 1f;
    }
    ClipTextOutput out = encoder.forward(manager.create(ids, new Shape(b, len)));
    NDArray mask = manager.create(keep, new Shape(b, 1));
    NDArray context = out.penultimateHiddenState().mul(mask.reshape(b, 1, 1)); // (B, T, D)
    NDArray pooled = out.textEmbeds().orElseThrow().mul(mask); // (B, P)
    return new Conditioning(context, pooled);
  }

  /** SDXL's six size/crop ids for an un-cropped square image of side {@code size}, (B, 6). */
  public static NDArray timeIds(NDManager manager, int batch, int size) {
    float[] ids = new float[batch * 6];
    for (int i = 0; i < batch; i++) {
      float[] row = {size, size, 0, 0, size, size};
      System.arraycopy(row, 0, ids, i * 6, 6);
    }
    return manager.create(ids, new Shape(batch, 6));
  }
}
