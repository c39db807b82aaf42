package io.difflens.models.vae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.models.nn.ActivationFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder half of a diffusers {@code AutoencoderKL} config ({@code vae/config.json}).
 *
 * @param blockOutChannels channels per encoder level; each level but the last halves H and W
 * @param scalingFactor multiplies latents before the UNet sees them (0.18215 SD, 0.13025 SDXL)
 */
public record AutoencoderKLConfig(
    int inChannels,
    int latentChannels,
    List<Integer> blockOutChannels,
    int layersPerBlock,
    int normNumGroups,
    ActivationFunction act,
    float scalingFactor) {

  public AutoencoderKLConfig {
    blockOutChannels = List.copyOf(blockOutChannels);
    if (blockOutChannels.isEmpty() || layersPerBlock <= 0 || latentChannels <= 0) {
      throw new IllegalArgumentException(
          "invalid AutoencoderKL config: block_out_channels "
              + blockOutChannels
              + ", layers_per_block "
              + layersPerBlock
              + ", latent_channels "
              + latentChannels);
    }
    for (int c : blockOutChannels) {
      if (c % normNumGroups != 0) {
        throw new IllegalArgumentException(
            "block_out_channels " + c + " not divisible by norm_num_groups " + normNumGroups);
      }
    }
  }

  /** Reads a {@code config.json}. */
  public static AutoencoderKLConfig read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  /** Parses a config JSON tree. */
  public static AutoencoderKLConfig parse(JsonNode c) {
    List<Integer> channels = new ArrayList<>();
    c.path("block_out_channels").forEach(v -> channels.add(v.asInt()));
    c.path("down_block_types")
        .forEach(
            t -> {
              if (!"DownEncoderBlock2D".equals(t.asText())) {
                throw new IllegalArgumentException("unsupported down_block_types entry " + t);
              }
            });
    if (c.path("down_block_types").size() != channels.size()) {
      throw new IllegalArgumentException(
          "down_block_types and block_out_channels differ in length: "
              + c.path("down_block_types")
              + " vs "
              + channels);
    }
    if (c.has("use_quant_conv") && !c.get("use_quant_conv").asBoolean()) {
      throw new IllegalArgumentException("use_quant_conv false is not supported");
    }
    return new AutoencoderKLConfig(
        c.path("in_channels").asInt(3),
        c.path("latent_channels").asInt(4),
        channels,
        c.path("layers_per_block").asInt(1),
        c.path("norm_num_groups").asInt(32),
        ActivationFunction.fromConfig(c.path("act_fn").asText("silu")),
        (float) c.path("scaling_factor").asDouble(0.18215));
  }
}
