package io.difflens.models.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the weights of a component folder laid out as on the Hugging Face hub ({@code unet/},
 * {@code vae/}, {@code text_encoder/}): the full-precision file first, then the fp16 variant, each
 * single-file or sharded.
 */
public final class DiffusersWeights {

  private static final List<String> STEMS =
      List.of("diffusion_pytorch_model", "model", "diffusion_pytorch_model.fp16", "model.fp16");

  private DiffusersWeights() {}

  /**
   * Opens the weights of {@code dir}.
   *
   * @throws IOException if none of the known file names is present
   */
  public static TensorSource open(Path dir) throws IOException {
    for (String stem : STEMS) {
      Path single = dir.resolve(stem + ".safetensors");
      if (Files.isRegularFile(single)) {
        return SafetensorsFile.open(single);
      }
      Path index = dir.resolve(stem + ".safetensors.index.json");
      if (Files.isRegularFile(index)) {
        return ShardedSafetensors.open(index);
      }
    }
    throw new IOException(
        dir
            + " holds none of "
            + STEMS.stream().map(s -> s + ".safetensors[.index.json]").toList());
  }
}
