package io.difflens.models.unet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.models.nn.ActivationFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The diffusers {@code UNet2DConditionModel} config ({@code unet/config.json}), resolved into one
 * {@link Level} per resolution. Keys this implementation does not support are rejected with the key
 * and value named, rather than silently ignored.
 *
 * @param levels one per entry of {@code block_out_channels}, highest resolution first
 * @param midBlock whether the {@code UNetMidBlock2DCrossAttn} is present
 * @param textTime SDXL's {@code addition_embed_type: "text_time"} conditioning, if configured
 */
public record UNet2DConditionConfig(
    int inChannels,
    int outChannels,
    int sampleSize,
    List<Level> levels,
    boolean midBlock,
    int normNumGroups,
    float normEps,
    ActivationFunction act,
    boolean flipSinToCos,
    float freqShift,
    boolean useLinearProjection,
    boolean upcastAttention,
    int downsamplePadding,
    float midBlockScaleFactor,
    Optional<TextTimeEmbedding> textTime) {

  /** Down-path block types. */
  public enum DownBlockType {
    DOWN_BLOCK_2D("DownBlock2D", false),
    CROSS_ATTN_DOWN_BLOCK_2D("CrossAttnDownBlock2D", true);

    private final String upstream;
    private final boolean crossAttention;

    DownBlockType(String upstream, boolean crossAttention) {
      this.upstream = upstream;
      this.crossAttention = crossAttention;
    }

    public boolean crossAttention() {
      return crossAttention;
    }

    static DownBlockType parse(String name) {
      for (DownBlockType t : values()) {
        if (t.upstream.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unsupported down_block_types entry '" + name + "'");
    }
  }

  /** Up-path block types. */
  public enum UpBlockType {
    UP_BLOCK_2D("UpBlock2D", false),
    CROSS_ATTN_UP_BLOCK_2D("CrossAttnUpBlock2D", true);

    private final String upstream;
    private final boolean crossAttention;

    UpBlockType(String upstream, boolean crossAttention) {
      this.upstream = upstream;
      this.crossAttention = crossAttention;
    }

    public boolean crossAttention() {
      return crossAttention;
    }

    static UpBlockType parse(String name) {
      for (UpBlockType t : values()) {
        if (t.upstream.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unsupported up_block_types entry '" + name + "'");
    }
  }

  /**
   * One resolution level. {@code up} is the up block that runs at this level, i.e. entry {@code n −
   * 1 − i} of {@code up_block_types}.
   */
  public record Level(
      int channels,
      int layersPerBlock,
      int transformerLayers,
      int heads,
      int crossAttentionDim,
      DownBlockType down,
      UpBlockType up) {
    public Level {
      if (channels <= 0 || layersPerBlock <= 0 || transformerLayers <= 0 || heads <= 0) {
        throw new IllegalArgumentException("invalid UNet level " + this);
      }
      if ((down.crossAttention() || up.crossAttention()) && channels % heads != 0) {
        throw new IllegalArgumentException(
            "block_out_channels " + channels + " not divisible by " + heads + " heads");
      }
    }
  }

  /** SDXL's added conditioning: pooled text embedding + sinusoidal size/crop ids. */
  public record TextTimeEmbedding(int timeEmbedDim, int projectionInputDim) {}

  public UNet2DConditionConfig {
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("block_out_channels is empty");
    }
    // one text encoder feeds every cross-attention: per-level sizes must agree
    if (levels.stream().map(Level::crossAttentionDim).distinct().count() != 1) {
      throw new IllegalArgumentException(
          "per-level cross_attention_dim values must be equal, got "
              + levels.stream().map(Level::crossAttentionDim).toList());
    }
    for (Level l : levels) {
      if (l.channels() % normNumGroups != 0) {
        throw new IllegalArgumentException(
            "block_out_channels "
                + l.channels()
                + " not divisible by norm_num_groups "
                + normNumGroups);
      }
    }
  }

  /** Channels of the time embedding: 4 × the first level's channels. */
  public int timeEmbedDim() {
    return 4 * levels.get(0).channels();
  }

  /** Reads a {@code config.json}. */
  public static UNet2DConditionConfig read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  /** Parses a config JSON tree. */
  public static UNet2DConditionConfig parse(JsonNode c) {
    requireAbsentOr(c, "class_embed_type", null);
    requireAbsentOr(c, "encoder_hid_dim_type", null);
    requireAbsentOr(c, "time_cond_proj_dim", null);
    requireAbsentOr(c, "timestep_post_act", null);
    requireAbsentOr(c, "time_embedding_act_fn", null);
    requireAbsentOr(c, "time_embedding_dim", null);
    requireAbsentOr(c, "cross_attention_norm", null);
    requireAbsentOr(c, "reverse_transformer_layers_per_block", null);
    requireAbsentOr(c, "time_embedding_type", "positional");
    requireAbsentOr(c, "resnet_time_scale_shift", "default");
    requireAbsentOr(c, "attention_type", "default");
    requireFalse(c, "only_cross_attention");
    requireFalse(c, "dual_cross_attention");
    requireFalse(c, "center_input_sample");
    requireFalse(c, "resnet_skip_time_act");
    if (c.path("resnet_out_scale_factor").asDouble(1.0) != 1.0) {
      throw new IllegalArgumentException(
          "unsupported resnet_out_scale_factor " + c.get("resnet_out_scale_factor"));
    }
    if (c.path("conv_in_kernel").asInt(3) != 3 || c.path("conv_out_kernel").asInt(3) != 3) {
      throw new IllegalArgumentException("only 3x3 conv_in/conv_out kernels are supported");
    }

    List<Integer> channels = ints(c.get("block_out_channels"), "block_out_channels", -1);
    int n = channels.size();
    List<DownBlockType> downs = new ArrayList<>();
    c.path("down_block_types").forEach(t -> downs.add(DownBlockType.parse(t.asText())));
    List<UpBlockType> ups = new ArrayList<>();
    c.path("up_block_types").forEach(t -> ups.add(UpBlockType.parse(t.asText())));
    if (downs.size() != n || ups.size() != n) {
      throw new IllegalArgumentException(
          "down_block_types ("
              + downs.size()
              + ") and up_block_types ("
              + ups.size()
              + ") must match block_out_channels ("
              + n
              + ")");
    }
    List<Integer> layers = ints(c.get("layers_per_block"), "layers_per_block", n);
    List<Integer> transformerLayers =
        ints(
            c.path("transformer_layers_per_block").isMissingNode()
                ? null
                : c.get("transformer_layers_per_block"),
            "transformer_layers_per_block",
            n,
            1);
    // diffusers quirk: without num_attention_heads, attention_head_dim is the number of heads
    JsonNode headsNode =
        c.hasNonNull("num_attention_heads")
            ? c.get("num_attention_heads")
            : c.get("attention_head_dim");
    List<Integer> heads = ints(headsNode, "attention_head_dim", n, 8);
    List<Integer> crossDim = ints(c.get("cross_attention_dim"), "cross_attention_dim", n, 1280);

    List<Level> levels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      levels.add(
          new Level(
              channels.get(i),
              layers.get(i),
              transformerLayers.get(i),
              heads.get(i),
              crossDim.get(i),
              downs.get(i),
              ups.get(n - 1 - i)));
    }

    boolean midBlock = true;
    if (c.has("mid_block_type")) {
      JsonNode mid = c.get("mid_block_type");
      if (mid.isNull()) {
        midBlock = false;
      } else if (!"UNetMidBlock2DCrossAttn".equals(mid.asText())) {
        throw new IllegalArgumentException("unsupported mid_block_type " + mid);
      }
    }

    Optional<TextTimeEmbedding> textTime = Optional.empty();
    if (c.hasNonNull("addition_embed_type")) {
      String type = c.get("addition_embed_type").asText();
      if (!"text_time".equals(type)) {
        throw new IllegalArgumentException("unsupported addition_embed_type '" + type + "'");
      }
      textTime =
          Optional.of(
              new TextTimeEmbedding(
                  required(c, "addition_time_embed_dim").asInt(),
                  required(c, "projection_class_embeddings_input_dim").asInt()));
    }

    return new UNet2DConditionConfig(
        c.path("in_channels").asInt(4),
        c.path("out_channels").asInt(4),
        c.path("sample_size").asInt(64),
        levels,
        midBlock,
        c.path("norm_num_groups").asInt(32),
        (float) c.path("norm_eps").asDouble(1e-5),
        ActivationFunction.fromConfig(c.path("act_fn").asText("silu")),
        c.path("flip_sin_to_cos").asBoolean(true),
        (float) c.path("freq_shift").asDouble(0),
        c.path("use_linear_projection").asBoolean(false),
        c.path("upcast_attention").asBoolean(false),
        c.path("downsample_padding").asInt(1),
        (float) c.path("mid_block_scale_factor").asDouble(1),
        textTime);
  }

  private static JsonNode required(JsonNode c, String key) {
    if (!c.hasNonNull(key)) {
      throw new IllegalArgumentException("config key '" + key + "' is required");
    }
    return c.get(key);
  }

  private static List<Integer> ints(JsonNode node, String key, int n) {
    return ints(node, key, n, null);
  }

  /** An int broadcast to n levels, or a list of n ints; {@code n < 0} accepts any list length. */
  private static List<Integer> ints(JsonNode node, String key, int n, Integer fallback) {
    List<Integer> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      if (fallback == null) {
        throw new IllegalArgumentException("config key '" + key + "' is required");
      }
      for (int i = 0; i < n; i++) {
        out.add(fallback);
      }
    } else if (node.isArray()) {
      node.forEach(
          v -> {
            if (!v.isInt()) {
              throw new IllegalArgumentException(
                  "config key '" + key + "' must hold integers, got " + node);
            }
            out.add(v.asInt());
          });
      if (n >= 0 && out.size() != n) {
        throw new IllegalArgumentException(
            "config key '" + key + "' has " + out.size() + " entries, expected " + n + ": " + node);
      }
    } else if (node.isInt() && n >= 0) {
      for (int i = 0; i < n; i++) {
        out.add(node.asInt());
      }
    } else {
      throw new IllegalArgumentException("config key '" + key + "' has unsupported value " + node);
    }
    return out;
  }

  private static void requireAbsentOr(JsonNode c, String key, String allowed) {
    JsonNode v = c.get(key);
    if (v == null || v.isNull()) {
      return;
    }
    if (allowed == null || !allowed.equals(v.asText())) {
      throw new IllegalArgumentException("unsupported " + key + " " + v);
    }
  }

  private static void requireFalse(JsonNode c, String key) {
    JsonNode v = c.get(key);
    if (v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean())) {
      throw new IllegalArgumentException("unsupported " + key + " " + v);
    }
  }
}
