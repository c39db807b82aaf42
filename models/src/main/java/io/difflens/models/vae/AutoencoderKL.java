package io.difflens.models.vae;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.io.DiffusersWeights;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.GroupNorm;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import io.difflens.models.unet.internal.Scoped;
import io.difflens.models.unet.internal.TransformerStyle;
import io.difflens.models.unet.internal.UNetDownBlock;
import io.difflens.models.unet.internal.UNetMidBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The encoding half of diffusers {@code AutoencoderKL}: {@code encoder} (conv_in, down blocks of
 * resnets with stride-2 downsamplers, a mid block with spatial self-attention, norm, act, conv_out
 * to 2·L channels) and {@code quant_conv} (1×1) producing latent moments. Images (B, C, H, W) in
 * [−1, 1] → moments (B, 2·L, H/f, W/f) with f = 2^(levels − 1).
 *
 * <p>A full upstream VAE checkpoint also holds {@code decoder.*} and {@code post_quant_conv.*}:
 * load it with {@link #checkpointOptions()}. Offers {@code encoder}, {@code moments} and the
 * encoder's inner names ({@code encoder.down_blocks.<i>}, {@code encoder.mid_block}, ...).
 */
public final class AutoencoderKL extends Module {

  /** Checkpoint key prefixes of the decoder half, which this class does not build. */
  public static final List<String> CHECKPOINT_IGNORED_PREFIXES =
      List.of("decoder.", "post_quant_conv.");

  /**
   * Renames from the attention names of VAEs saved before diffusers 0.14 ({@code query}, {@code
   * key}, {@code value}, {@code proj_attn}) to the current ones; the shapes are the same.
   */
  public static final List<Checkpoints.KeyRename> LEGACY_ATTENTION_RENAMES =
      List.of(
          Checkpoints.KeyRename.of(
              "(.*\\.attentions\\.\\d+)\\.query\\.(weight|bias)", "$1.to_q.$2"),
          Checkpoints.KeyRename.of("(.*\\.attentions\\.\\d+)\\.key\\.(weight|bias)", "$1.to_k.$2"),
          Checkpoints.KeyRename.of(
              "(.*\\.attentions\\.\\d+)\\.value\\.(weight|bias)", "$1.to_v.$2"),
          Checkpoints.KeyRename.of(
              "(.*\\.attentions\\.\\d+)\\.proj_attn\\.(weight|bias)", "$1.to_out.0.$2"));

  /** Loading options for a full upstream VAE checkpoint: decoder ignored, legacy names accepted. */
  public static Checkpoints.Options checkpointOptions() {
    return Checkpoints.Options.defaults()
        .withIgnoredPrefixes(CHECKPOINT_IGNORED_PREFIXES.toArray(String[]::new))
        .withRenames(LEGACY_ATTENTION_RENAMES);
  }

  private final AutoencoderKLConfig config;
  private final Encoder encoder;
  private final Conv2d quantConv;

  public AutoencoderKL(AutoencoderKLConfig config) {
    this.config = config;
    this.encoder = child("encoder", new Encoder(config));
    int moments = 2 * config.latentChannels();
    this.quantConv = child("quant_conv", new Conv2d(moments, moments, 1, 1, 0, true));
  }

  /** Builds the encoder from a diffusers {@code config.json} (no weights allocated). */
  public static AutoencoderKL fromConfig(Path configJson) throws IOException {
    return new AutoencoderKL(AutoencoderKLConfig.read(configJson));
  }

  /**
   * Builds and loads the encoder from a diffusers {@code vae/} folder (decoder weights ignored,
   * legacy attention names accepted). Parameters are allocated in {@code manager} as {@code
   * dataType}.
   */
  public static AutoencoderKL fromPretrained(Path dir, NDManager manager, DataType dataType)
      throws IOException {
    AutoencoderKL vae = fromConfig(dir.resolve("config.json"));
    try (TensorSource weights = DiffusersWeights.open(dir)) {
      Checkpoints.load(vae, weights, manager, checkpointOptions(), dataType);
    }
    return vae;
  }

  public AutoencoderKLConfig config() {
    return config;
  }

  /** Encodes images (B, C, H, W) in [−1, 1] to their latent distribution. */
  public LatentDistribution encode(NDArray images) {
    return encode(images, ActivationCapture.NONE);
  }

  /** {@link #encode(NDArray)}, keeping the requested activations in {@code capture}. */
  public LatentDistribution encode(NDArray images, ActivationCapture capture) {
    NDArray moments =
        Scoped.run(
            capture,
            () -> {
              NDArray h = encoder.forward(images, capture);
              capture.offer("encoder", h);
              NDArray m = quantConv.forward(h);
              capture.offer("moments", m);
              return m;
            });
    return new LatentDistribution(moments);
  }

  /** Latents as the UNet expects them: {@code latents × scaling_factor}. */
  public NDArray scale(NDArray latents) {
    return Scalars.mul(latents, (float) config.scalingFactor());
  }

  /** diffusers {@code Encoder} with {@code double_z}: outputs mean and log-variance channels. */
  private static final class Encoder extends Module {
    private static final float EPS = 1e-6f;
    private final Conv2d convIn;
    private final ModuleList<UNetDownBlock> downBlocks;
    private final UNetMidBlock midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final AutoencoderKLConfig config;

    Encoder(AutoencoderKLConfig config) {
      this.config = config;
      List<Integer> channels = config.blockOutChannels();
      int groups = config.normNumGroups();
      this.convIn =
          child("conv_in", new Conv2d(config.inChannels(), channels.get(0), 3, 1, 1, true));
      this.downBlocks = child("down_blocks", new ModuleList<>());
      int out = channels.get(0);
      for (int i = 0; i < channels.size(); i++) {
        int in = out;
        out = channels.get(i);
        downBlocks.add(
            new UNetDownBlock(
                "encoder.down_blocks." + i,
                new UNetDownBlock.Spec(
                    in, out, config.layersPerBlock(), false, 1, 1, 0, i < channels.size() - 1, 0),
                0,
                groups,
                EPS,
                config.act(),
                new TransformerStyle(false, true)));
      }
      int last = channels.get(channels.size() - 1);
      this.midBlock =
          child(
              "mid_block",
              UNetMidBlock.spatial("encoder.mid_block", last, groups, EPS, config.act()));
      this.convNormOut = child("conv_norm_out", new GroupNorm(groups, last, EPS));
      this.convOut =
          child("conv_out", new Conv2d(last, 2 * config.latentChannels(), 3, 1, 1, true));
    }

    NDArray forward(NDArray x, ActivationCapture capture) {
      NDArray h = convIn.forward(x);
      for (UNetDownBlock block : downBlocks) {
        List<NDArray> skips = block.forward(h, null, null, capture);
        h = skips.get(skips.size() - 1);
      }
      h = midBlock.forward(h, null, null, capture);
      return convOut.forward(config.act().apply(convNormOut.forward(h)));
    }
  }
}
