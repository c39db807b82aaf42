package io.difflens.app.doctor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.app.doctor.CheckResult;
import io.difflens.app.doctor.CheckResult.Status;
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
