package io.difflens.app.doctor.internal;

import io.difflens.app.doctor.Check;
import io.difflens.app.doctor.CheckResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model bundle given with {@code --bundle} loads. The bundle loader of {@code models} does not exist yet,
 * so this checks only what it can (the folder and its {@code bundle.json}) and says the load is skipped.
 */
public final class BundleCheck implements Check {
  private final Path bundle;

  /** @param bundle the bundle folder, or {@code null} when none was given */
  public BundleCheck(Path bundle) {
    this.bundle = bundle;
  }

  @Override
  public CheckResult run() {
    if (bundle == null) {
      return CheckResult.skip("bundle", "no --bundle given");
    }
    if (!Files.isDirectory(bundle)) {
      return CheckResult.fail("bundle", bundle + " is not a directory");
    }
    if (!Files.isRegularFile(bundle.resolve("bundle.json"))) {
      return CheckResult.fail("bundle", bundle + " has no bundle.json");
    }
    return CheckResult.skip("bundle", bundle + " has a bundle.json; loading skipped: this build has no bundle loader yet");
  }
}
