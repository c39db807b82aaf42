package io.difflens.models.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.bundle.BundleFamily;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipTextOutput;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.unet.AddedConditions;
import java.util.List;
import java.util.Optional;

/**
 * Prompts to UNet conditioning, as the bundle's family prescribes (see {@link BundleFamily}).
 * B prompts, M = 77 tokens, D context width, P pooled width.
 */
public final class TextConditioner {

  /**
   * The UNet's text inputs.
   *
   * @param context (B, M, D)
   * @param added SDXL's pooled embedding and time ids, {@code null} for SD-family bundles
   */
  public record Conditioning(NDArray context, AddedConditions added) {}

  private final ModelBundle bundle;

  public TextConditioner(ModelBundle bundle) {
    this.bundle = bundle;
  }

  /** Encodes {@code prompts} into arrays owned by {@code m}. */
  public Conditioning encode(List<String> prompts, NDManager m) {
    int b = prompts.size();
    if (b == 0) {
      throw new IllegalArgumentException("no prompts to encode");
    }
    DataType type = bundle.target().dataType();
    if (bundle.config().family() == BundleFamily.SD) {
      NDArray ids = ids(bundle.tokenizer(), prompts, m);
      return new Conditioning(bundle.textEncoder().forward(ids).lastHiddenState(), null);
    }
    // one-encoder SDXL bundles (tiny ones): text_encoder gives both the context and the pooled embedding
    Optional<ClipTextModel> second = bundle.textEncoder2();
    ClipTextModel te2 = second.orElse(bundle.textEncoder());
    int width = bundle.textEncoder().config().hiddenSize() + second.map(t -> t.config().hiddenSize()).orElse(0);
    int pooledWidth = te2.config().projectionDim();
    int length = bundle.tokenizer().config().maxLength();
    float[] keep = new float[b];
    boolean any = false;
    for (int i = 0; i < b; i++) {
      keep[i] = prompts.get(i).isEmpty() ? 0f : 1f;
      any |= keep[i] != 0;
    }
    NDArray context;
    NDArray pooled;
    if (!any) {
      // force_zeros_for_empty_prompt: SDXL's unconditional embedding is zeros, not the encoded ""
      context = m.zeros(new Shape(b, length, width), type);
      pooled = m.zeros(new Shape(b, pooledWidth), type);
    } else {
      ClipTextOutput first = bundle.textEncoder().forward(ids(bundle.tokenizer(), prompts, m));
      ClipTextOutput pooledBy = first;
      NDArray hidden = first.penultimateHiddenState();
      if (second.isPresent()) {
        pooledBy = te2.forward(ids(bundle.tokenizer2().orElseThrow(), prompts, m));
        hidden = hidden.concat(pooledBy.penultimateHiddenState(), 2); // (B, M, D1 + D2)
      }
      NDArray mask = m.create(keep).toType(type, false);
      context = hidden.mul(mask.reshape(b, 1, 1));
      pooled = pooledBy.textEmbeds().orElseThrow().mul(mask.reshape(b, 1)); // (B, P)
    }
    return new Conditioning(context, new AddedConditions(pooled, timeIds(b, m)));
  }

  /**
   * SDXL's six ids per row: original size, crop top-left, target size; the image was resized to
   * the bundle's size without cropping, so (s, s, 0, 0, s, s).
   */
  private NDArray timeIds(int b, NDManager m) {
    float s = bundle.config().imageSize();
    float[] ids = new float[6 * b];
    for (int i = 0; i < b; i++) {
      System.arraycopy(new float[] {s, s, 0, 0, s, s}, 0, ids, 6 * i, 6);
    }
    return m.create(ids, new Shape(b, 6)).toType(bundle.target().dataType(), false);
  }

  private static NDArray ids(ClipTokenizer tokenizer, List<String> prompts, NDManager m) {
    int length = tokenizer.config().maxLength();
    long[] flat = new long[prompts.size() * length];
    for (int i = 0; i < prompts.size(); i++) {
      System.arraycopy(tokenizer.encode(prompts.get(i)).ids(), 0, flat, i * length, length);
    }
    return m.create(flat, new Shape(prompts.size(), length));
  }
}
