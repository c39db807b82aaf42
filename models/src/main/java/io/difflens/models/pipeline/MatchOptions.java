package io.difflens.models.pipeline;

import io.difflens.models.bundle.MatchScorer;
import io.difflens.models.bundle.MatcherDefaults;
import io.difflens.models.bundle.MatcherLayers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one image-text matching call.
 *
 * @param timesteps the score is the mean over these timesteps
 * @param layers which cross-attention layers are averaged
 * @param denoisingTerm adds Discffusion's {@code ||ε − ε_uncond||₂ − ||ε − ε_cond||₂}
 * @param scorer attention logits or Diffusion-ITM's denoising error
 * @param seed seed of the one noise tensor every image and text share (and of the VAE latent draw)
 * @param adapter LoRA adapter to activate on the UNet, by name
 */
public record MatchOptions(
    List<Integer> timesteps,
    MatcherLayers layers,
    boolean denoisingTerm,
    MatchScorer scorer,
    long seed,
    Optional<String> adapter) {

  public MatchOptions {
    // the bundle-defaults record validates timesteps, layers and scorer
    new MatcherDefaults(timesteps, layers, denoisingTerm, scorer, seed);
    timesteps = List.copyOf(timesteps);
    Objects.requireNonNull(adapter, "adapter");
  }

  /** A bundle's defaults, base weights. */
  public static MatchOptions of(MatcherDefaults d) {
    return new MatchOptions(d.timesteps(), d.layers(), d.denoisingTerm(), d.scorer(), d.seed(), Optional.empty());
  }

  public MatchOptions withTimesteps(List<Integer> t) {
    return new MatchOptions(t, layers, denoisingTerm, scorer, seed, adapter);
  }

  public MatchOptions withLayers(MatcherLayers l) {
    return new MatchOptions(timesteps, l, denoisingTerm, scorer, seed, adapter);
  }

  public MatchOptions withDenoisingTerm(boolean on) {
    return new MatchOptions(timesteps, layers, on, scorer, seed, adapter);
  }

  public MatchOptions withScorer(MatchScorer s) {
    return new MatchOptions(timesteps, layers, denoisingTerm, s, seed, adapter);
  }

  public MatchOptions withSeed(long s) {
    return new MatchOptions(timesteps, layers, denoisingTerm, scorer, s, adapter);
  }

  public MatchOptions withAdapter(String name) {
    return new MatchOptions(timesteps, layers, denoisingTerm, scorer, seed, Optional.ofNullable(name));
  }
}
