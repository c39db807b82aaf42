package io.difflens.models.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.lora.LoraAdapters;
import io.difflens.models.pipeline.internal.AdaptivePooling;
import io.difflens.models.pipeline.internal.Latents;
import io.difflens.models.unet.AddedConditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Task-aware visual features (DESIGN.md §1): each image is encoded to x0 (VAE latent × scaling
 * factor, or pixels), noised to the timestep with seeded noise ({@code x_t = sqrt(ā_t) x0 +
 * sqrt(1 − ā_t) ε}), and passed once through the UNet with its prompt; the named activations are
 * each pooled to a g × g grid (adaptive average pooling) and concatenated along channels, giving
 * g² tokens per image. When the mode needs both branches, the unconditional and conditional inputs
 * run stacked in the same pass.
 *
 * <p>Thread-safe: every call works in its own native-memory scope and activates its adapter for its
 * thread only. B images, C channels, g grid.
 */
public final class FeatureExtractor {
  private final ModelBundle bundle;
  private final TextConditioner text;

  public FeatureExtractor(ModelBundle bundle) {
    this.bundle = bundle;
    this.text = new TextConditioner(bundle);
  }

  /** The bundle's default options. */
  public FeatureOptions defaults() {
    return FeatureOptions.of(bundle.config().features());
  }

  /** Features of one image. */
  public FeatureTensor extract(FeatureInput input, FeatureOptions options) {
    return extract(List.of(input), options).get(0);
  }

  /**
   * Features of a batch; item i equals what a single call with item i gives (up to float
   * rounding of batched kernels).
   */
  public List<FeatureTensor> extract(List<FeatureInput> inputs, FeatureOptions options) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    if (options.timestep() >= bundle.schedule().size()) {
      throw new IllegalArgumentException(
          "timestep " + options.timestep() + " outside the schedule's [0, " + bundle.schedule().size() + ")");
    }
    int b = inputs.size();
    FeatureMode mode = options.mode();
    try (NDManager m = bundle.newCallManager();
        LoraAdapters.Activation ignored = activate(options)) {
      long[] seeds = new long[b];
      Arrays.fill(seeds, options.seed());
      NDArray images = Latents.images(bundle, inputs.stream().map(FeatureInput::image).toList(), m);
      NDArray x0 =
          Latents.encode(
              bundle, images, options.latentSampling() == LatentSampling.SAMPLE ? seeds : null);
      NDArray eps = Latents.noise(seeds, x0.getShape().slice(1), m).toType(x0.getDataType(), false);
      long[] t = new long[b];
      Arrays.fill(t, options.timestep());
      NDArray xt = bundle.schedule().addNoise(x0, eps, t); // (B, C, h, w)

      List<String> prompts = new ArrayList<>();
      int branches = 0;
      if (mode.needsUnconditional()) {
        inputs.forEach(in -> prompts.add(""));
        branches++;
      }
      if (mode.needsConditional()) {
        inputs.forEach(in -> prompts.add(in.text()));
        branches++;
      }
      TextConditioner.Conditioning cond = text.encode(prompts, m);
      NDArray sample = branches == 2 ? xt.concat(xt, 0) : xt; // (branches·B, C, h, w)
      NDArray timestep =
          m.create(new float[] {options.timestep()}).toType(bundle.target().dataType(), false);
      Map<String, NDArray> acts =
          bundle.unet().features(sample, timestep, cond.context(), cond.added(), options.layers());

      NDList pooled = new NDList();
      for (String layer : options.layers()) {
        pooled.add(AdaptivePooling.pool(AdaptivePooling.toSpatial(layer, acts.get(layer)), options.grid()));
      }
      NDArray all = NDArrays.concat(pooled, 1); // (branches·B, C, g, g)
      NDArray combined = combine(mode, all, b); // (B, C', g, g)
      long channels = combined.getShape().get(1);
      int tokens = options.grid() * options.grid();
      float[] flat =
          combined
              .reshape(b, channels, tokens)
              .transpose(0, 2, 1) // (B, g², C')
              .toType(DataType.FLOAT32, false)
              .toFloatArray();
      List<FeatureTensor> out = new ArrayList<>(b);
      int per = tokens * (int) channels;
      for (int i = 0; i < b; i++) {
        out.add(new FeatureTensor(tokens, (int) channels, Arrays.copyOfRange(flat, i * per, (i + 1) * per)));
      }
      return out;
    }
  }

  private LoraAdapters.Activation activate(FeatureOptions options) {
    return options.adapter().map(bundle.adapters()::activate).orElse(null);
  }

  /**
   * Applies the mode to the stacked pass: rows [0, B) are unconditional when the mode needs them,
   * the following B conditional.
   */
  static NDArray combine(FeatureMode mode, NDArray all, int b) {
    if (mode instanceof FeatureMode.Uncond || mode instanceof FeatureMode.Cond) {
      return all;
    }
    NDArray uncond = all.get(new ai.djl.ndarray.index.NDIndex("0:{}", b));
    NDArray cond = all.get(new ai.djl.ndarray.index.NDIndex("{}:", b));
    if (mode instanceof FeatureMode.Cfg cfg) {
      return uncond.add(cond.sub(uncond).mul((float) cfg.scale()));
    }
    if (mode instanceof FeatureMode.Concat) {
      return uncond.concat(cond, 1);
    }
    throw new IllegalArgumentException("unsupported feature mode " + mode);
  }

  /** Convenience: images and one prompt for all. */
  public List<FeatureTensor> extract(List<ImageTensor> images, String prompt, FeatureOptions options) {
    return extract(images.stream().map(i -> FeatureInput.of(i, prompt)).toList(), options);
  }
}
