package io.difflens.trainer.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.LlamaTokenizer;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.trainer.BundleDir;
import io.difflens.trainer.data.FeatureTokens;
import io.difflens.trainer.data.TextConditioner;
import io.difflens.trainer.data.VisualAnswerer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A trained bundle folder loaded for evaluation: the frozen UNet feature path and the answerer.
 * Holds native memory and tokenizers: close it.
 */
public final class TinyBundle implements AutoCloseable {
  private final NDManager manager;
  private final ClipTokenizer clipTokenizer;
  private final LlamaTokenizer llmTokenizer;
  private final FeatureTokens features;
  private final VisualAnswerer answerer;
  private final int imageSize;

  private TinyBundle(
      NDManager manager,
      ClipTokenizer clipTokenizer,
      LlamaTokenizer llmTokenizer,
      FeatureTokens features,
      VisualAnswerer answerer,
      int imageSize) {
    this.manager = manager;
    this.clipTokenizer = clipTokenizer;
    this.llmTokenizer = llmTokenizer;
    this.features = features;
    this.answerer = answerer;
    this.imageSize = imageSize;
  }

  public static TinyBundle load(Path root) {
    BundleDir b = new BundleDir(root);
    JsonNode meta;
    try {
      meta = new ObjectMapper().readTree(root.resolve("bundle.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("not a bundle folder (no readable bundle.json): " + root, e);
    }
    NDManager manager = NDManager.newBaseManager();
    ClipTokenizer clipTok = null;
    LlamaTokenizer llmTok = null;
    try {
      clipTok = ClipTokenizer.load(b.component(BundleDir.TOKENIZER));
      llmTok = LlamaTokenizer.load(b.component(BundleDir.LLM).resolve("tokenizer.json"));
      ClipTextModel text =
          new ClipTextModel(ClipTextConfig.fromJson(b.config(BundleDir.TEXT_ENCODER)));
      b.load(BundleDir.TEXT_ENCODER, text, manager);
      UNet2DConditionModel unet =
          new UNet2DConditionModel(UNet2DConditionConfig.parse(b.config(BundleDir.UNET)));
      b.load(BundleDir.UNET, unet, manager);
      LlamaForCausalLm lm = new LlamaForCausalLm(LlamaConfig.fromJson(b.config(BundleDir.LLM)));
      b.load(BundleDir.LLM, lm, manager);
      Projector projector = new Projector(ProjectorConfig.fromJson(b.config(BundleDir.PROJECTOR)));
      b.load(BundleDir.PROJECTOR, projector, manager);
      int size = meta.path("image_size").asInt();
      FeatureTokens f =
          new FeatureTokens(
              unet,
              new TextConditioner(clipTok, text),
              NoiseSchedule.stableDiffusion(),
              meta.path("feature_layers").get(0).asText(),
              meta.path("feature_pool").asInt(),
              size,
              meta.path("timestep").asInt());
      return new TinyBundle(manager, clipTok, llmTok, f, new VisualAnswerer(llmTok, lm, projector), size);
    } catch (RuntimeException e) {
      if (clipTok != null) {
        clipTok.close();
      }
      if (llmTok != null) {
        llmTok.close();
      }
      manager.close();
      throw e;
    }
  }

  public NDManager manager() {
    return manager;
  }

  public FeatureTokens features() {
    return features;
  }

  public VisualAnswerer answerer() {
    return answerer;
  }

  public int imageSize() {
    return imageSize;
  }

  /** Channels the projector takes (CONCAT features need twice the UNet's). */
  public long projectorInput() {
    return answerer.projector().config().visionHiddenSize();
  }

  @Override
  public void close() {
    clipTokenizer.close();
    llmTokenizer.close();
    manager.close();
  }
}
