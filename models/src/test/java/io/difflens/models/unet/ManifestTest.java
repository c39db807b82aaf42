package io.difflens.models.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import io.difflens.models.nn.ModelManifest;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.vae.AutoencoderKL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real SDXL UNet and VAE encoder, built from their upstream configs without allocating a
 * weight, have exactly the parameter names, shapes and total of the reference manifests.
 */
class ManifestTest {

  static final Path MANIFESTS = Path.of("src/test/resources/manifests");

  record Reference(Map<String, String> shapes, long total) {}

  static Reference read(String name) throws IOException {
    Map<String, String> shapes = new HashMap<>();
    long total = -1;
    List<String> lines = Files.readAllLines(MANIFESTS.resolve(name + ".tsv"));
    for (String line : lines) {
      if (line.startsWith("# total_params:")) {
        total = Long.parseLong(line.substring("# total_params:".length()).trim());
      } else if (!line.startsWith("#") && !line.isBlank()) {
        String[] parts = line.split("\t");
        assertThat(shapes.put(parts[0], parts[1])).as("duplicate " + parts[0]).isNull();
      }
    }
    return new Reference(shapes, total);
  }

  static void assertMatches(Block model, String name) throws IOException {
    Reference ref = read(name);
    ModelManifest manifest = ModelManifest.of(model);
    Map<String, String> ours = new HashMap<>();
    manifest.entries().forEach(e -> ours.put(e.name(), e.shapeText()));
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(ref.shapes().keySet());
    assertThat(ours).containsExactlyInAnyOrderEntriesOf(ref.shapes());
    assertThat(manifest.totalParameters()).isEqualTo(ref.total());
    // built, not allocated
    assertThat(ParameterPaths.of(model).values()).noneMatch(p -> p.isInitialized());
  }

  @Test
  void sdxlUnetMatchesManifest() throws IOException {
    UNet2DConditionModel unet =
        UNet2DConditionModel.fromConfig(MANIFESTS.resolve("sdxl-unet.config.json"));
    assertMatches(unet, "sdxl-unet");
    assertThat(unet.crossAttentionLayers()).hasSize(70);
  }

  @Test
  void sdxlVaeEncoderMatchesManifest() throws IOException {
    assertMatches(
        AutoencoderKL.fromConfig(MANIFESTS.resolve("sdxl-vae-encoder.config.json")),
        "sdxl-vae-encoder");
  }
}
