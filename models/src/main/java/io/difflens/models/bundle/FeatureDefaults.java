package io.difflens.models.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.difflens.models.pipeline.FeatureMode;
import java.util.List;

/**
 * Default feature-extraction options of a bundle ({@code bundle.json} {@code features}).
 *
 * @param layers UNet activation names ({@code up_blocks.0}, {@code
 *     up_blocks.0.attentions.1.transformer_blocks.0}, ...), pooled and concatenated in this order
 * @param timestep the diffusion timestep the image is noised to, in [0, schedule size)
 * @param mode {@code UNCOND}, {@code COND}, {@code CFG:<w>}, {@code CFG} (with {@code guidanceScale})
 *     or {@code CONCAT}
 * @param guidanceScale the scale a bare {@code CFG} mode means
 * @param grid the pooled token grid side: features have {@code grid²} tokens
 * @param seed noise seed when a request gives none
 */
public record FeatureDefaults(
    @JsonProperty("layers") List<String> layers,
    @JsonProperty("timestep") int timestep,
    @JsonProperty("mode") String mode,
    @JsonProperty("guidance_scale") double guidanceScale,
    @JsonProperty("grid") int grid,
    @JsonProperty("seed") long seed) {

  public FeatureDefaults {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("features.layers must name at least one UNet activation");
    }
    layers = List.copyOf(layers);
    if (timestep < 0) {
      throw new IllegalArgumentException("features.timestep must be >= 0, got " + timestep);
    }
    if (grid <= 0) {
      throw new IllegalArgumentException("features.grid must be positive, got " + grid);
    }
    FeatureMode.parse(mode, guidanceScale);
  }

  /** The typed mode. */
  @JsonIgnore
  public FeatureMode featureMode() {
    return FeatureMode.parse(mode, guidanceScale);
  }
}
