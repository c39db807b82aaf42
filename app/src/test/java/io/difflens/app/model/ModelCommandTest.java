package io.difflens.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.app.Main;
import io.difflens.models.testing.MicroBundles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelCommandTest {
  /** models' test resources: the reference manifests and golden folders, with their notes. */
  private static final Path RESOURCES = repositoryRoot().resolve("models/src/test/resources");

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("models/src/test/resources/manifests"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  private static List<String> rows(String text) {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
  }

  private static String total(String text) {
    return text.lines().filter(l -> l.startsWith("# total_params:")).findFirst().orElse("none");
  }

  @TestFactory
  Stream<DynamicTest> manifestOfEveryReferenceConfigEqualsItsTsv() throws IOException {
    List<Path> configs;
    try (Stream<Path> files = Files.list(RESOURCES.resolve("manifests"))) {
      configs = files.filter(p -> p.toString().endsWith(".config.json")).sorted().toList();
    }
    assertThat(configs).hasSize(7);
    return configs.stream()
        .map(config -> DynamicTest.dynamicTest(config.getFileName().toString(), () -> {
          Path tsv = Path.of(config.toString().replace(".config.json", ".tsv"));
          String expected = Files.readString(tsv);
          Run r = run("model", "manifest", config.toString());
          assertThat(r.exit()).as(r.err()).isZero();
          assertThat(rows(r.out())).isEqualTo(rows(expected));
          assertThat(total(r.out())).isEqualTo(total(expected));
          assertThat(r.out().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("# total_params: ");
        }));
  }

  @TestFactory
  Stream<DynamicTest> checkOfEveryGoldenFolderIsWithinTolerance() throws IOException {
    List<Path> folders;
    try (Stream<Path> files = Files.list(RESOURCES.resolve("golden"))) {
      folders = files.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(folders).hasSizeGreaterThanOrEqualTo(9);
    return folders.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
          Run r = run("model", "check", dir.toString());
          assertThat(r.exit()).as(r.out() + r.err()).isZero();
          String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
          assertThat(last).startsWith("max_rel_err ");
          assertThat(Double.parseDouble(last.substring("max_rel_err ".length()))).isLessThanOrEqualTo(1e-4);
          assertThat(r.out().lines().count()).isGreaterThan(1);
        }));
  }

  @Test
  void checkFailsWhenAnOutputIsNotProduced(@TempDir Path tmp) throws IOException {
    // a scheduler folder whose outputs name a tensor no runner produces
    Path src = RESOURCES.resolve("golden/scheduler_ddpm");
    Path dir = tmp.resolve("g");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path outputs = dir.resolve("outputs.safetensors");
    try (var m = ai.djl.ndarray.NDManager.newBaseManager();
        var source = io.difflens.models.io.Safetensors.open(outputs)) {
      var tensors = new java.util.LinkedHashMap<String, ai.djl.ndarray.NDArray>();
      for (String name : source.tensors().keySet()) {
        tensors.put(name, source.load(name, m));
      }
      tensors.put("not_a_scheduler_output", m.zeros(new ai.djl.ndarray.types.Shape(2)));
      io.difflens.models.io.Safetensors.write(tmp.resolve("o.safetensors"), tensors);
    }
    Files.move(tmp.resolve("o.safetensors"), outputs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run r = run("model", "check", dir.toString());
    assertThat(r.exit()).isEqualTo(Main.EXIT_UNHEALTHY);
    assertThat(r.out()).contains("not_a_scheduler_output\tFAILED");
    String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(Double.parseDouble(last.substring("max_rel_err ".length()))).isGreaterThan(1e-4);
  }

  @Test
  void inspectSummarisesABundle(@TempDir Path tmp) {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    Run r = run("model", "inspect", bundle.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("bundle micro 0: family SDXL, 16 px, VAE latent space")
        .contains("unet/")
        .contains("UNet2DConditionModel")
        .contains("text_encoder_2/")
        .contains("CLIPTextModelWithProjection")
        .contains("LlamaForCausalLM")
        .contains("features: layers [down_blocks.1, up_blocks.0], timestep 100, mode COND, grid 2x2")
        .contains("checkpoints: every key and shape matches");
  }

  @Test
  void inspectNamesAMissingFolder(@TempDir Path tmp) throws IOException {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    try (Stream<Path> walk = Files.walk(bundle.resolve("llm"))) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Run r = run("model", "inspect", bundle.toString());
    assertThat(r.exit()).isEqualTo(Main.EXIT_FAILED);
    assertThat(r.err().toLowerCase(Locale.ROOT)).contains("missing folder llm/");
  }
}
