package io.difflens.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.trainer.BundleDir;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.World;
import io.difflens.trainer.recipes.ClipRecipe;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny CLIP of a bundle the recipes built (its {@code text_encoder/} and {@code image_encoder/} with
 * their projections) as an image–text scorer: cosine similarity of the projected embeddings, the baseline
 * the paper sets the UNet's cross-attention matching against. Holds native memory and a tokenizer: close it.
 */
public final class ClipScorer implements AutoCloseable {
  private final NDManager manager;
  private final ClipTokenizer tokenizer;
  private final ClipRecipe clip;

  private ClipScorer(NDManager manager, ClipTokenizer tokenizer, ClipRecipe clip) {
    this.manager = manager;
    this.tokenizer = tokenizer;
    this.clip = clip;
  }

  /** Loads the two towers from a bundle folder. */
  public static ClipScorer load(Path bundleDir, int imageSize) {
    BundleDir b = new BundleDir(bundleDir);
    NDManager manager = NDManager.newBaseManager();
    ClipTokenizer tokenizer = null;
    try {
      tokenizer = ClipTokenizer.load(b.component(BundleDir.TOKENIZER));
      ClipRecipe clip =
          new ClipRecipe(
              new World(SceneConfig.DEFAULT, RenderConfig.ofSize(imageSize)),
              tokenizer,
              (ObjectNode) b.config(BundleDir.TEXT_ENCODER),
              (ObjectNode) b.config(BundleDir.IMAGE_ENCODER));
      b.load(BundleDir.TEXT_ENCODER, clip.text(), manager);
      b.load(BundleDir.IMAGE_ENCODER, clip.imageEncoderParameters(), manager);
      return new ClipScorer(manager, tokenizer, clip);
    } catch (RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      manager.close();
      throw e;
    }
  }

  /** Cosine similarities {@code [image][text]}. */
  public float[][] scores(List<BufferedImage> images, List<String> texts) {
    try (NDManager m = manager.newSubManager()) {
      NDArray sim = clip.embedImages(Images.batch(m, images)).matMul(clip.embedTexts(m, texts).transpose());
      float[] flat = sim.toFloatArray();
      float[][] out = new float[images.size()][texts.size()];
      for (int i = 0; i < images.size(); i++) {
        System.arraycopy(flat, i * texts.size(), out[i], 0, texts.size());
      }
      return out;
    }
  }

  @Override
  public void close() {
    tokenizer.close();
    manager.close();
  }
}
