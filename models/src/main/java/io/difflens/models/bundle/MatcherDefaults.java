package io.difflens.models.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Default image-text matching options ({@code bundle.json} {@code matcher}).
 *
 * @param timesteps the timesteps the score is averaged over (paper: 189, 389, 589, 789, 989)
 * @param layers which cross-attention layers
 * @param denoisingTerm whether Discffusion's {@code ||ε − ε_uncond||₂ − ||ε − ε_cond||₂} is added
 * @param scorer attention logits or Diffusion-ITM denoising error
 * @param seed the seed of the one noise tensor shared by every image and text
 */
public record MatcherDefaults(
    @JsonProperty("timesteps") List<Integer> timesteps,
    @JsonProperty("layers") MatcherLayers layers,
    @JsonProperty("denoising_term") boolean denoisingTerm,
    @JsonProperty("scorer") MatchScorer scorer,
    @JsonProperty("seed") long seed) {

  /** The paper's protocol: five timesteps, all layers, no denoising term, attention scores. */
  public static final List<Integer> PAPER_TIMESTEPS = List.of(189, 389, 589, 789, 989);

  public MatcherDefaults {
    if (timesteps == null || timesteps.isEmpty()) {
      throw new IllegalArgumentException("matcher.timesteps must not be empty");
    }
    timesteps = List.copyOf(timesteps);
    for (int t : timesteps) {
      if (t < 0) {
        throw new IllegalArgumentException("matcher.timesteps must be >= 0, got " + timesteps);
      }
    }
    if (layers == null || scorer == null) {
      throw new IllegalArgumentException(
          "matcher.layers and matcher.scorer are required, got " + layers + ", " + scorer);
    }
  }

  /** The paper's defaults with {@code seed}. */
  public static MatcherDefaults paper(long seed) {
    return new MatcherDefaults(PAPER_TIMESTEPS, MatcherLayers.ALL, false, MatchScorer.ATTENTION, seed);
  }
}
