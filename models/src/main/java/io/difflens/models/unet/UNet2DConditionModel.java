package io.difflens.models.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.io.DiffusersWeights;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.GroupNorm;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import io.difflens.models.unet.UNet2DConditionConfig.Level;
import io.difflens.models.unet.internal.BasicTransformerBlock;
import io.difflens.models.unet.internal.Scoped;
import io.difflens.models.unet.internal.TimestepEmbedding;
import io.difflens.models.unet.internal.Transformer2DModel;
import io.difflens.models.unet.internal.TransformerStyle;
import io.difflens.models.unet.internal.UNetDownBlock;
import io.difflens.models.unet.internal.UNetMidBlock;
import io.difflens.models.unet.internal.UNetUpBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * diffusers {@code UNet2DConditionModel} (SD 2.x and SDXL layouts), parameter names as in the
 * upstream checkpoints. Dimensions: B batch, C channels, H×W latent size, M text tokens.
 *
 * <p>Activations can be requested by name through an {@link ActivationCapture}: {@code conv_in},
 * {@code time_embedding}, {@code add_embedding}, {@code down_blocks.<i>}, {@code
 * down_blocks.<i>.res_samples.<j>}, {@code mid_block}, {@code up_blocks.<i>}, {@code
 * conv_norm_out}, {@code conv_out}; inside blocks {@code <block>.resnets.<k>}, {@code
 * <block>.attentions.<k>}, {@code <...>.transformer_blocks.<t>} (block output), and per attention
 * {@code <...>.attn1|attn2.to_q}, {@code .logits} and {@code .probs}. Only requested activations
 * are kept; the model holds no per-call state, so one instance serves many threads.
 */
public final class UNet2DConditionModel extends Module {
  private final UNet2DConditionConfig config;
  private final Conv2d convIn;
  private final TimestepEmbedding timeEmbedding;
  private final TimestepEmbedding addEmbedding;
  private final ModuleList<UNetDownBlock> downBlocks;
  private final ModuleList<UNetUpBlock> upBlocks;
  private final UNetMidBlock midBlock;
  private final GroupNorm convNormOut;
  private final Conv2d convOut;

  public UNet2DConditionModel(UNet2DConditionConfig config) {
    this.config = config;
    List<Level> levels = config.levels();
    int n = levels.size();
    int c0 = levels.get(0).channels();
    int temb = config.timeEmbedDim();
    int groups = config.normNumGroups();
    float eps = config.normEps();
    var act = config.act();
    TransformerStyle style =
        new TransformerStyle(config.useLinearProjection(), config.upcastAttention());

    this.convIn = child("conv_in", new Conv2d(config.inChannels(), c0, 3, 1, 1, true));
    this.timeEmbedding = child("time_embedding", new TimestepEmbedding(c0, temb, act));
    this.addEmbedding =
        config.textTime().isPresent()
            ? child(
                "add_embedding",
                new TimestepEmbedding(config.textTime().get().projectionInputDim(), temb, act))
            : null;
    // registered before mid_block, as upstream: keeps state_dict order identical
    this.downBlocks = child("down_blocks", new ModuleList<>());
    this.upBlocks = child("up_blocks", new ModuleList<>());

    int out = c0;
    for (int i = 0; i < n; i++) {
      int in = out;
      Level level = levels.get(i);
      out = level.channels();
      downBlocks.add(
          new UNetDownBlock(
              "down_blocks." + i,
              new UNetDownBlock.Spec(
                  in,
                  out,
                  level.layersPerBlock(),
                  level.down().crossAttention(),
                  level.transformerLayers(),
                  level.heads(),
                  level.crossAttentionDim(),
                  i < n - 1,
                  config.downsamplePadding()),
              temb,
              groups,
              eps,
              act,
              style));
    }

    Level last = levels.get(n - 1);
    this.midBlock =
        config.midBlock()
            ? child(
                "mid_block",
                UNetMidBlock.crossAttention(
                    "mid_block",
                    last.channels(),
                    temb,
                    last.transformerLayers(),
                    last.heads(),
                    last.crossAttentionDim(),
                    groups,
                    eps,
                    act,
                    config.midBlockScaleFactor(),
                    style))
            : null;

    int prevOut = last.channels();
    for (int i = 0; i < n; i++) {
      Level level = levels.get(n - 1 - i);
      int outCh = level.channels();
      int inCh = levels.get(Math.max(n - 2 - i, 0)).channels();
      upBlocks.add(
          new UNetUpBlock(
              "up_blocks." + i,
              new UNetUpBlock.Spec(
                  inCh,
                  prevOut,
                  outCh,
                  level.layersPerBlock() + 1,
                  level.up().crossAttention(),
                  level.transformerLayers(),
                  level.heads(),
                  level.crossAttentionDim(),
                  i < n - 1),
              temb,
              groups,
              eps,
              act,
              style));
      prevOut = outCh;
    }

    this.convNormOut = child("conv_norm_out", new GroupNorm(groups, c0, eps));
    this.convOut = child("conv_out", new Conv2d(c0, config.outChannels(), 3, 1, 1, true));
  }

  /** Builds the architecture from a diffusers {@code config.json} (no weights allocated). */
  public static UNet2DConditionModel fromConfig(Path configJson) throws IOException {
    return new UNet2DConditionModel(UNet2DConditionConfig.read(configJson));
  }

  /**
   * Builds and loads a UNet from a diffusers component folder ({@code config.json} plus {@code
   * diffusion_pytorch_model[.fp16].safetensors}, single or sharded). Parameters are allocated in
   * {@code manager} as {@code dataType} (fp16 weights widen to float32 on CPU).
   *
   * @throws io.difflens.models.nn.CheckpointMismatchException if the weights do not fit the config
   */
  public static UNet2DConditionModel fromPretrained(Path dir, NDManager manager, DataType dataType)
      throws IOException {
    UNet2DConditionModel unet = fromConfig(dir.resolve("config.json"));
    try (TensorSource weights = DiffusersWeights.open(dir)) {
      Checkpoints.load(unet, weights, manager, Checkpoints.Options.defaults(), dataType);
    }
    return unet;
  }

  public UNet2DConditionConfig config() {
    return config;
  }

  /** Every cross-attention ({@code attn2}) module path, in forward order. */
  public List<String> crossAttentionLayers() {
    List<String> out = new ArrayList<>();
    for (UNetDownBlock b : downBlocks) {
      b.attentions().forEach(t -> addCross(t, out));
    }
    if (midBlock != null) {
      midBlock.attentions().forEach(t -> addCross((Transformer2DModel) t, out));
    }
    for (UNetUpBlock b : upBlocks) {
      b.attentions().forEach(t -> addCross(t, out));
    }
    return out;
  }

  private static void addCross(Transformer2DModel t, List<String> out) {
    for (BasicTransformerBlock b : t.transformerBlocks()) {
      out.add(b.crossAttention().path());
    }
  }

  /**
   * The noise prediction (B, C_out, H, W); see {@link #forward(NDArray, NDArray, NDArray,
   * AddedConditions, ActivationCapture)}.
   */
  public NDArray forward(
      NDArray sample, NDArray timesteps, NDArray encoderHiddenStates, AddedConditions added) {
    return forward(sample, timesteps, encoderHiddenStates, added, ActivationCapture.NONE).sample();
  }

  /**
   * One denoising forward pass.
   *
   * @param sample noisy latents (B, C_in, H, W)
   * @param timesteps (B) or a single timestep for the whole batch
   * @param encoderHiddenStates text tokens (B, M, D)
   * @param added SDXL's pooled text embedding and time ids; required exactly when the config has
   *     {@code text_time} conditioning
   * @param capture which activations to keep
   */
  public UNetOutput forward(
      NDArray sample,
      NDArray timesteps,
      NDArray encoderHiddenStates,
      AddedConditions added,
      ActivationCapture capture) {
    checkAdded(added);
    NDArray noise =
        Scoped.run(
            capture, () -> run(sample, timesteps, encoderHiddenStates, added, capture, false));
    return new UNetOutput(noise, capture.captured());
  }

  /**
   * Only the named activations, computed as far into the network as the last of them: a feature
   * extractor reading {@code up_blocks.1} skips the rest of the up path and the output conv.
   *
   * @throws IllegalArgumentException naming any requested activation this network never produces
   */
  public Map<String, NDArray> features(
      NDArray sample,
      NDArray timesteps,
      NDArray encoderHiddenStates,
      AddedConditions added,
      Collection<String> names) {
    checkAdded(added);
    ActivationCapture capture = ActivationCapture.of(names);
    Scoped.run(capture, () -> run(sample, timesteps, encoderHiddenStates, added, capture, true));
    if (!capture.missing().isEmpty()) {
      throw new IllegalArgumentException(
          "this UNet produces no activation named "
              + capture.missing()
              + " (names look like down_blocks.0, mid_block, up_blocks.1.attentions.0,"
              + " <...>.attn2.probs)");
    }
    return capture.captured();
  }

  private void checkAdded(AddedConditions added) {
    if (config.textTime().isPresent() != (added != null)) {
      throw new IllegalArgumentException(
          config.textTime().isPresent()
              ? "this UNet needs added conditions (text_embeds, time_ids)"
              : "this UNet takes no added conditions");
    }
  }

  private NDArray run(
      NDArray sample,
      NDArray timesteps,
      NDArray context,
      AddedConditions added,
      ActivationCapture capture,
      boolean stopWhenCaptured) {
    long batch = sample.getShape().get(0);
    Shape ctx = context.getShape();
    long expected = config.levels().get(config.levels().size() - 1).crossAttentionDim();
    if (ctx.dimension() != 3 || ctx.get(0) != batch || ctx.get(2) != expected) {
      throw new IllegalArgumentException(
          "encoder_hidden_states "
              + ctx
              + " must be (batch "
              + batch
              + ", tokens, cross_attention_dim "
              + expected
              + ")");
    }
    NDArray t = timesteps.toType(DataType.FLOAT32, false).reshape(-1); // (B) or (1)
    if (t.size() == 1 && batch > 1) {
      t = t.repeat(0, batch);
    } else if (t.size() != batch) {
      throw new IllegalArgumentException(
          "timesteps " + timesteps.getShape() + " do not match batch " + batch);
    }
    int c0 = config.levels().get(0).channels();
    NDArray emb =
        timeEmbedding.forward(
            TimestepEmbedding.sinusoidal(
                t, c0, config.flipSinToCos(), config.freqShift())); // (B, T)
    capture.offer("time_embedding", emb);
    if (addEmbedding != null) {
      int dim = config.textTime().get().timeEmbedDim();
      NDArray ids = added.timeIds().toType(DataType.FLOAT32, false).reshape(-1); // (B*6)
      NDArray timeEmbeds =
          TimestepEmbedding.sinusoidal(ids, dim, config.flipSinToCos(), config.freqShift())
              .reshape(batch, -1); // (B, 6*dim)
      NDArray aug = addEmbedding.forward(added.textEmbeds().concat(timeEmbeds, 1)); // (B, T)
      capture.offer("add_embedding", aug);
      emb = emb.add(aug);
    }

    NDArray h = convIn.forward(sample); // (B, C0, H, W)
    capture.offer("conv_in", h);
    List<NDArray> skips = new ArrayList<>();
    skips.add(h);
    for (UNetDownBlock block : downBlocks) {
      List<NDArray> res = block.forward(h, emb, context, capture);
      skips.addAll(res);
      h = res.get(res.size() - 1);
      if (stopWhenCaptured && capture.missing().isEmpty()) {
        return null;
      }
    }
    if (midBlock != null) {
      h = midBlock.forward(h, emb, context, capture);
    }
    if (stopWhenCaptured && capture.missing().isEmpty()) {
      return null;
    }
    for (UNetUpBlock block : upBlocks) {
      int k = block.skipCount();
      List<NDArray> mine = new ArrayList<>(skips.subList(skips.size() - k, skips.size()));
      skips.subList(skips.size() - k, skips.size()).clear();
      long[] upsampleSize = null;
      if (!skips.isEmpty()) {
        NDArray next = skips.get(skips.size() - 1);
        upsampleSize = new long[] {next.getShape().get(2), next.getShape().get(3)};
      }
      h = block.forward(h, mine, emb, context, upsampleSize, capture);
      if (stopWhenCaptured && capture.missing().isEmpty()) {
        return null;
      }
    }
    NDArray normed = convNormOut.forward(h);
    capture.offer("conv_norm_out", normed);
    NDArray out = convOut.forward(config.act().apply(normed)); // (B, C_out, H, W)
    capture.offer("conv_out", out);
    return out;
  }
}
