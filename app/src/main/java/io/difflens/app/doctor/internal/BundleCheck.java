package io.difflens.app.doctor.internal;

import io.difflens.app.doctor.Check;
import io.difflens.app.doctor.CheckResult;
import io.difflens.models.bundle.BundleSummary;
import io.difflens.models.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model bundle given with {@code --bundle} is sound: {@link ModelBundle#inspect} checks every config and
 * every checkpoint's keys and shapes without reading a weight, a {@code unet_lora/} against the UNet it is
 * merged into; with {@code --load} the bundle is also loaded (weights read, tokenizers opened) and closed
 * again, which takes as long as a service start.
 */
public final class BundleCheck implements Check {
  private static final String NAME = "bundle";

  private final Path bundle;
  private final boolean load;

  /**
   * @param bundle the bundle folder, or {@code null} when none was given
   * @param load whether to load the weights too, not only inspect them
   */
  public BundleCheck(Path bundle, boolean load) {
    this.bundle = bundle;
    this.load = load;
  }

  @Override
  public CheckResult run() {
    if (bundle == null) {
      return CheckResult.skip(NAME, "no --bundle given");
    }
    if (!Files.isDirectory(bundle)) {
      return CheckResult.fail(NAME, bundle + " is not a directory");
    }
    if (!Files.isRegularFile(bundle.resolve("bundle.json"))) {
      return CheckResult.fail(NAME, bundle + " has no bundle.json");
    }
    BundleSummary summary;
    try {
      summary = ModelBundle.inspect(bundle);
    } catch (RuntimeException e) {
      return CheckResult.fail(NAME, bundle + " does not inspect: " + reason(e));
    }
    String found = bundle + ": " + summary.components().size() + " networks, "
        + summary.totalParameters() + " parameters"
        + summary.unetLora()
            .map(l -> ", a UNet LoRA of " + l.tensors() + " tensors"
                + l.config().map(c -> " (rank " + c.rank() + ")").orElse("") + " merged at load")
            .orElse("");
    if (!load) {
      return CheckResult.ok(NAME, found + "; checkpoints match (weights not loaded; --load to load them)");
    }
    try (ModelBundle loaded = ModelBundle.load(bundle)) {
      return CheckResult.ok(NAME, found + "; loaded on " + loaded.target().device() + " in " + loaded.target().dataType());
    } catch (RuntimeException e) {
      return CheckResult.fail(NAME, bundle + " inspects but does not load: " + reason(e));
    }
  }

  private static String reason(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
