package io.difflens.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import io.difflens.models.nn.ModelManifest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For every reference manifest, the architecture detected from its config and built without
 * allocating has the manifest's names, shapes and total (order aside): what {@code difflens model
 * manifest} prints.
 */
class ArchitectureManifestTest {

  @ParameterizedTest
  @CsvSource({
    "clip-vit-l14-text, CLIP_TEXT",
    "openclip-bigg14-text-projection, CLIP_TEXT_WITH_PROJECTION",
    "clip-vit-l14-336-vision, CLIP_VISION",
    "vicuna-7b-v1.5, LLAMA",
    "llava-1.5-projector, LLAVA_PROJECTOR",
    "sdxl-unet, UNET_2D_CONDITION",
    "sdxl-vae-encoder, AUTOENCODER_KL"
  })
  void manifestMatchesReference(String name, Architecture expected)
      throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/manifests").toURI());
    Block net = Architecture.fromConfig(dir.resolve(name + ".config.json"));
    assertThat(
            Architecture.detect(
                io.difflens.models.internal.JsonFields.read(dir.resolve(name + ".config.json"))))
        .isEqualTo(expected);
    ModelManifest manifest = ModelManifest.of(net);
    assertThat(net.isInitialized()).as("built without allocating").isFalse();

    List<String> lines = Files.readAllLines(dir.resolve(name + ".tsv"));
    Map<String, String> reference = new HashMap<>();
    long total = -1;
    for (String line : lines) {
      if (line.startsWith("# total_params:")) {
        total = Long.parseLong(line.substring("# total_params:".length()).trim());
      } else if (!line.startsWith("#") && !line.isBlank()) {
        String[] parts = line.split("\t");
        reference.put(parts[0], parts[1]);
      }
    }
    Map<String, String> ours = new HashMap<>();
    manifest.entries().forEach(e -> ours.put(e.name(), e.shapeText()));
    assertThat(ours).containsExactlyInAnyOrderEntriesOf(reference);
    assertThat(manifest.totalParameters()).isEqualTo(total);
    assertThat(manifest.format()).endsWith("# total_params: " + total + "\n");
  }
}
