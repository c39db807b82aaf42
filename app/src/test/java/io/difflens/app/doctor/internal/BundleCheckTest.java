package io.difflens.app.doctor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.difflens.app.doctor.CheckResult;
import io.difflens.app.doctor.CheckResult.Status;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.testing.MicroBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCheckTest {

  @Test
  void skipsWithoutABundle() {
    assertThat(new BundleCheck(null, false).run().status()).isEqualTo(Status.SKIP);
  }

  @Test
  void failsOnAFolderThatIsNoBundle(@TempDir Path tmp) {
    CheckResult r = new BundleCheck(tmp, false).run();
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.detail()).contains("no bundle.json");
  }

  @Test
  void inspectsASoundBundleWithoutLoadingIt(@TempDir Path tmp) {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    CheckResult r = new BundleCheck(bundle, false).run();
    assertThat(r.status()).as(r.detail()).isEqualTo(Status.OK);
    assertThat(r.detail()).contains("checkpoints match", "weights not loaded").doesNotContain("loaded on");
  }

  @Test
  void loadsASoundBundleWhenAsked(@TempDir Path tmp) {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    CheckResult r = new BundleCheck(bundle, true).run();
    assertThat(r.status()).as(r.detail()).isEqualTo(Status.OK);
    assertThat(r.detail()).contains("loaded on cpu");
  }

  @Test
  void checksAUnetLoraAgainstTheUnet(@TempDir Path tmp) throws IOException {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    Path file = bundle.resolve(ModelBundle.UNET_LORA).resolve(ModelBundle.UNET_LORA_FILE);
    Files.createDirectories(file.getParent());
    try (ModelBundle b = ModelBundle.load(bundle); NDManager m = NDManager.newBaseManager()) {
      LoraAdapter.create(LoraConfig.of(2, 2f), b.unet(), m, 1).save(file, "");
    }
    CheckResult ok = new BundleCheck(bundle, true).run();
    assertThat(ok.status()).as(ok.detail()).isEqualTo(Status.OK);
    assertThat(ok.detail()).contains("a UNet LoRA of", "(rank 2) merged at load");

    // the file of another network's adapter: named, with what does not fit
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace("to_q.lora_A", "to_z.lora_A").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CheckResult bad = new BundleCheck(bundle, false).run();
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.detail()).contains("does not inspect", "unet_lora", "does not fit the bundle's UNet", "to_z.lora_A");
  }

  @Test
  void failsNamingWhatInspectFound(@TempDir Path tmp) throws IOException {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    deleteTree(bundle.resolve("llm"));
    CheckResult r = new BundleCheck(bundle, false).run();
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.detail().toLowerCase(Locale.ROOT)).contains("does not inspect", "missing folder llm/");
  }

  @Test
  void failsWhenOnlyTheLoadFails(@TempDir Path tmp) throws IOException {
    Path bundle = MicroBundles.create(tmp.resolve("micro"));
    // Tokenizers are opened by load, not by inspect: the bundle inspects clean but cannot serve.
    deleteTree(bundle.resolve("llm_tokenizer"));
    assertThat(new BundleCheck(bundle, false).run().status()).isEqualTo(Status.OK);
    CheckResult r = new BundleCheck(bundle, true).run();
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.detail()).contains("does not load", "llm_tokenizer");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
