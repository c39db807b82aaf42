package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Visual tokens from the frozen UNet, as the recipes and the evaluation use them: noise the image
 * to one timestep with noise fixed per call seed, run the UNet up to the feature layers under the
 * prompt, average-pool each map to side × side, concatenate their channels and flatten to tokens
 * (B, side², C). Pooling to a
 * few tokens is the token bottleneck the prototypes found to beat global pooling and pixels.
 *
 * <p>The trainer's own minimal version of the feature extractor, kept until the bundle pipelines
 * ({@code FeatureExtractor}) can be used here.
 */
public final class FeatureTokens {
  /** Feature timestep: low enough to keep the small objects, high enough for the text to act. */
  public static final int DEFAULT_TIMESTEP = 200;

  private final UNet2DConditionModel unet;
  private final TextConditioner conditioner;
  private final NoiseSchedule schedule;
  private final List<String> layers;
  private final int side;
  private final int imageSize;
  private final int timestep;

  public FeatureTokens(
      UNet2DConditionModel unet,
      TextConditioner conditioner,
      NoiseSchedule schedule,
      List<String> layers,
      int side,
      int imageSize,
      int timestep) {
    this.unet = unet;
    this.conditioner = conditioner;
    this.schedule = schedule;
    this.layers = List.copyOf(layers);
    this.side = side;
    this.imageSize = imageSize;
    this.timestep = timestep;
  }

  /** Pooled activations (B, side², C) of the prompts' pass, C summed over the layers. */
  public NDArray raw(NDManager manager, NDArray pixels, List<String> prompts, long noiseSeed) {
    int b = prompts.size();
    NDArray noise = Noise.normal(manager, pixels.getShape(), new SplittableRandom(noiseSeed));
    long[] ts = new long[b];
    Arrays.fill(ts, timestep);
    NDArray xt = schedule.addNoise(pixels, noise, ts);
    TextConditioner.Conditioning c = conditioner.encode(manager, prompts);
    NDArray ids = TextConditioner.timeIds(manager, b, imageSize);
    Map<String, NDArray> f =
        unet.features(
            xt,
            manager.create(new float[] {timestep}),
            c.context(),
            new AddedConditions(c.pooled(), ids),
            layers);
    NDList pooled = new NDList();
    for (String layer : layers) {
      NDArray map = f.get(layer); // (B, C, H, W)
      long ch = map.getShape().get(1);
      long h = map.getShape().get(2);
      long w = map.getShape().get(3);
      pooled.add(
          map.reshape(b, ch, side, h / side, side, w / side)
              .mean(new int[] {5})
              .mean(new int[] {3})); // (B, C, s, s); DJL means over one axis at a time
    }
    // channels of every layer, in layer order; DJL's concat copies a single array out of the autograd graph,
    // which would cut a UNet LoRA trained through these tokens off its gradient
    NDArray all = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(pooled, 1);
    long ch = all.getShape().get(1);
    return all.reshape(b, ch, (long) side * side).transpose(0, 2, 1); // (B, s², C)
  }

  /** Tokens under a feature mode: the question is the prompt of the conditional pass. */
  public NDArray tokens(
      NDManager manager, NDArray pixels, List<String> prompts, FeatureMode mode, long noiseSeed) {
    List<String> empty = prompts.stream().map(p -> "").toList();
    // Java 17 has no pattern switch: the four modes are told apart by what they need
    if (!mode.needsConditional()) {
      return raw(manager, pixels, empty, noiseSeed);
    }
    if (!mode.needsUnconditional()) {
      return raw(manager, pixels, prompts, noiseSeed);
    }
    NDArray un = raw(manager, pixels, empty, noiseSeed);
    NDArray co = raw(manager, pixels, prompts, noiseSeed);
    if (mode instanceof FeatureMode.Cfg g) {
      return un.add(co.sub(un).mul((float) g.scale()));
    }
    return un.concat(co, 2); // CONCAT: (B, N, 2C)
  }
}
