package io.difflens.models.pipeline;

import io.difflens.models.bundle.FeatureDefaults;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one feature extraction (one batch shares them).
 *
 * @param timestep the diffusion timestep the latents are noised to
 * @param layers UNet activation names, pooled and concatenated along channels in this order
 * @param mode how unconditional and conditional activations combine
 * @param seed the noise seed: every image of the batch gets the noise a single call with this seed
 *     gets
 * @param grid pooled token grid side (features have grid² tokens)
 * @param adapter LoRA adapter to activate on the UNet, by name; empty for the base weights
 * @param latentSampling mode or seeded sample of the VAE latent
 */
public record FeatureOptions(
    int timestep,
    List<String> layers,
    FeatureMode mode,
    long seed,
    int grid,
    Optional<String> adapter,
    LatentSampling latentSampling) {

  public FeatureOptions {
    layers = List.copyOf(layers);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(latentSampling, "latentSampling");
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("feature options need at least one layer");
    }
    if (timestep < 0) {
      throw new IllegalArgumentException("timestep must be >= 0, got " + timestep);
    }
    if (grid <= 0) {
      throw new IllegalArgumentException("grid must be positive, got " + grid);
    }
  }

  /** A bundle's defaults: its layers, timestep, mode, seed and grid; base weights; latent mode. */
  public static FeatureOptions of(FeatureDefaults d) {
    return new FeatureOptions(
        d.timestep(), d.layers(), d.featureMode(), d.seed(), d.grid(), Optional.empty(), LatentSampling.MODE);
  }

  public FeatureOptions withTimestep(int t) {
    return new FeatureOptions(t, layers, mode, seed, grid, adapter, latentSampling);
  }

  public FeatureOptions withLayers(List<String> l) {
    return new FeatureOptions(timestep, l, mode, seed, grid, adapter, latentSampling);
  }

  public FeatureOptions withMode(FeatureMode m) {
    return new FeatureOptions(timestep, layers, m, seed, grid, adapter, latentSampling);
  }

  public FeatureOptions withSeed(long s) {
    return new FeatureOptions(timestep, layers, mode, s, grid, adapter, latentSampling);
  }

  public FeatureOptions withGrid(int g) {
    return new FeatureOptions(timestep, layers, mode, seed, g, adapter, latentSampling);
  }

  public FeatureOptions withAdapter(String name) {
    return new FeatureOptions(timestep, layers, mode, seed, grid, Optional.ofNullable(name), latentSampling);
  }

  public FeatureOptions withLatentSampling(LatentSampling s) {
    return new FeatureOptions(timestep, layers, mode, seed, grid, adapter, s);
  }
}
