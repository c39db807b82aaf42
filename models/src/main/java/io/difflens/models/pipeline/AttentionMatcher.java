package io.difflens.models.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.bundle.MatchScorer;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.lora.LoraAdapters;
import io.difflens.models.pipeline.internal.Latents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Zero-shot image-text matching with the diffusion UNet (PAPER.md "Image-text matching"): each
 * image's latent (a seeded VAE draw × scaling factor) is noised with ONE seeded noise tensor shared
 * by every image and text, to each timestep; one UNet pass per image and timestep runs all texts
 * (plus the empty prompt when the denoising term is on) as a batch. The score of (image, text) is
 * the mean over timesteps of
 *
 * <ul>
 *   <li>{@link MatchScorer#ATTENTION}: {@link CrossAttentionScores} over the chosen layers;
 *   <li>{@link MatchScorer#DIFFUSION_ITM}: {@code −||ε − ε̂(x_t, t, text)||₂};
 * </ul>
 *
 * With the denoising term on, both become relative to the unconditional error: the attention
 * score plus {@code ||ε − ε̂_uncond||₂ − ||ε − ε̂_text||₂} (Discffusion), and Diffusion-ITM's
 * {@code ||ε − ε̂_uncond||₂ − ||ε − ε̂_text||₂} alone. Norms are over the whole latent of one image.
 * Higher means a better match.
 */
public final class AttentionMatcher {
  private final ModelBundle bundle;
  private final TextConditioner text;

  public AttentionMatcher(ModelBundle bundle) {
    this.bundle = bundle;
    this.text = new TextConditioner(bundle);
  }

  /** The bundle's default options. */
  public MatchOptions defaults() {
    return MatchOptions.of(bundle.config().matcher());
  }

  /** Scores {@code [image][text]}. */
  public float[][] scores(List<ImageTensor> images, List<String> texts, MatchOptions options) {
    if (images.isEmpty() || texts.isEmpty()) {
      throw new IllegalArgumentException(
          "matching needs images and texts, got " + images.size() + " and " + texts.size());
    }
    for (int t : options.timesteps()) {
      if (t >= bundle.schedule().size()) {
        throw new IllegalArgumentException(
            "timestep " + t + " outside the schedule's [0, " + bundle.schedule().size() + ")");
      }
    }
    List<String> layers = CrossAttentionScores.layers(bundle.unet(), options.layers());
    boolean attention = options.scorer() == MatchScorer.ATTENTION;
    boolean uncond = options.denoisingTerm();
    int n = texts.size();
    double[][] sum = new double[images.size()][n];
    try (NDManager m = bundle.newCallManager();
        LoraAdapters.Activation ignored = options.adapter().map(bundle.adapters()::activate).orElse(null)) {
      long[] seeds = new long[images.size()];
      Arrays.fill(seeds, options.seed());
      NDArray x0 = Latents.encode(bundle, Latents.images(bundle, images, m), seeds); // (I, C, h, w)
      Shape latent = x0.getShape().slice(1);
      NDArray eps =
          Latents.gaussian(new SplittableRandom(options.seed()), latent, m)
              .toType(x0.getDataType(), false)
              .expandDims(0); // (1, C, h, w), shared
      List<String> prompts = new ArrayList<>(texts);
      if (uncond) {
        prompts.add("");
      }
      TextConditioner.Conditioning cond = text.encode(prompts, m); // rows: texts, then ""
      int rows = prompts.size();
      for (int timestep : options.timesteps()) {
        for (int i = 0; i < images.size(); i++) {
          try (NDManager step = m.newSubManager()) {
            NDArray xi = x0.get(i);
            xi.attach(step);
            NDArray xt =
                bundle.schedule().addNoise(xi.expandDims(0), eps, new long[] {timestep}); // (1, C, h, w)
            NDArray sample = xt.repeat(0, rows); // (rows, C, h, w)
            NDArray t = step.create(new float[] {timestep}).toType(bundle.target().dataType(), false);
            float[] attn = null;
            NDArray noisePred;
            if (attention) {
              CrossAttentionScores.Pass pass =
                  CrossAttentionScores.run(bundle.unet(), sample, t, cond.context(), cond.added(), layers);
              attn = pass.scores();
              noisePred = pass.noisePrediction();
            } else {
              noisePred = bundle.unet().forward(sample, t, cond.context(), cond.added());
            }
            float[] err = null;
            if (uncond || !attention) {
              err =
                  noisePred
                      .toType(DataType.FLOAT32, false)
                      .sub(eps.toType(DataType.FLOAT32, false))
                      .reshape(rows, -1)
                      .square()
                      .sum(new int[] {1})
                      .sqrt()
                      .toFloatArray(); // ||ε − ε̂||₂ per row
            }
            for (int j = 0; j < n; j++) {
              // ATTENTION + term: attn + (e_u − e_j); DIFFUSION_ITM + term: −(e_j − e_u), the same
              // term relative to the unconditional error
              double s = attention ? attn[j] + (uncond ? err[n] - err[j] : 0) : (uncond ? err[n] : 0) - err[j];
              sum[i][j] += s;
            }
          }
        }
      }
    }
    float[][] out = new float[images.size()][n];
    for (int i = 0; i < images.size(); i++) {
      for (int j = 0; j < n; j++) {
        out[i][j] = (float) (sum[i][j] / options.timesteps().size());
      }
    }
    return out;
  }
}
