package io.difflens.trainer.recipes;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipVisionConfig;
import io.difflens.models.clip.ClipVisionModel;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.TokenizedText;
import io.difflens.trainer.TrainingTask;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.World;
import io.difflens.trainer.data.WorldSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tiny CLIP by contrastive training: for a batch of fresh scenes and one caption each (full,
 * counting or relational wording), the symmetric InfoNCE loss over the batch's image–caption
 * similarity matrix. Parameter names are those of transformers' {@code CLIPModel} ({@code
 * text_model.*}, {@code text_projection}, {@code vision_model.*}, {@code visual_projection}).
 *
 * <p>The temperature is fixed at CLIP's initial 1/0.07 rather than learned: with batches of a few
 * dozen a learned scale mostly chases the batch size, and a fixed one keeps runs comparable.
 */
public final class ClipRecipe implements TrainingTask {
  /** CLIP's initial logit scale, exp(log(1/0.07)). */
  public static final float LOGIT_SCALE = 1f / 0.07f;

  private static final List<CaptionStyle> STYLES =
      List.of(CaptionStyle.FULL, CaptionStyle.COUNTS, CaptionStyle.RELATION, CaptionStyle.FULL);

  private final World world;
  private final ClipTokenizer tokenizer;
  private final ClipTextModel text;
  private final ClipVisionModel vision;
  private final Linear visualProjection;

  public ClipRecipe(World world, ClipTokenizer tokenizer, ObjectNode textConfig, ObjectNode visionConfig) {
    this.world = world;
    this.tokenizer = tokenizer;
    this.text = new ClipTextModel(ClipTextConfig.fromJson(textConfig));
    ClipVisionConfig vc = ClipVisionConfig.fromJson(visionConfig);
    this.vision = new ClipVisionModel(vc);
    this.visualProjection = new Linear(vc.hiddenSize(), textConfig.get("projection_dim").asInt(), false);
  }

  public void initialise(NDManager manager) {
    text.initializeParameters(manager, ai.djl.ndarray.types.DataType.FLOAT32);
    vision.initializeParameters(manager, ai.djl.ndarray.types.DataType.FLOAT32);
    visualProjection.initializeParameters(manager, ai.djl.ndarray.types.DataType.FLOAT32);
  }

  public ClipTextModel text() {
    return text;
  }

  /** The vision tower with {@code visual_projection}, as {@code CLIPVisionModelWithProjection}. */
  public Map<String, Parameter> imageEncoderParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>(ParameterPaths.of(vision));
    out.put("visual_projection.weight", visualProjection.weight());
    return out;
  }

  @Override
  public Map<String, Parameter> trainable() {
    Map<String, Parameter> out = new LinkedHashMap<>(ParameterPaths.of(text));
    out.putAll(imageEncoderParameters());
    return out;
  }

  /** L2-normalised text embeddings (B, P). */
  public NDArray embedTexts(NDManager manager, List<String> captions) {
    int len = tokenizer.config().maxLength();
    long[] ids = new long[captions.size() * len];
    for (int i = 0; i < captions.size(); i++) {
      TokenizedText t = tokenizer.encode(captions.get(i));
      System.arraycopy(t.ids(), 0, ids, i * len, len);
    }
    NDArray e = text.forward(manager.create(ids, new Shape(captions.size(), len))).textEmbeds().orElseThrow();
    return normalise(e);
  }

  /** L2-normalised image embeddings (B, P) of pixels (B, 3, S, S) in [-1, 1]. */
  public NDArray embedImages(NDArray pixels) {
    return normalise(visualProjection.forward(vision.forward(pixels).pooledOutput()));
  }

  private static NDArray normalise(NDArray x) {
    return x.div(Scalars.add(x.square().sum(new int[] {1}, true), 1e-8f).sqrt());
  }

  @Override
  public NDArray loss(NDManager manager, SplittableRandom rng, int batch) {
    List<WorldSample> samples = world.samples(rng, batch);
    List<String> captions = new ArrayList<>();
    for (WorldSample s : samples) {
      CaptionStyle style = STYLES.get(rng.nextInt(STYLES.size()));
      captions.add(world.captioner().caption(s.scene(), style, rng).text());
    }
    NDArray img = embedImages(Images.batch(manager, samples.stream().map(WorldSample::image).toList()));
    NDArray txt = embedTexts(manager, captions);
    NDArray logits = Scalars.mul(img.matMul(txt.transpose()), LOGIT_SCALE); // (B, B)
    NDArray eye = manager.eye(batch);
    NDArray perImage = Scalars.div(logits.logSoftmax(1).mul(eye).sum(), batch);
    NDArray perText = Scalars.div(logits.logSoftmax(0).mul(eye).sum(), batch);
    return Scalars.div(perImage.add(perText), -2f);
  }
}
