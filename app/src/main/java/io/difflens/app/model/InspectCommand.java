package io.difflens.app.model;

import io.difflens.app.Outcome;
import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.bundle.BundleSummary;
import io.difflens.models.bundle.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code difflens model inspect BUNDLE}: components, parameter counts, file sizes and defaults of a
 * bundle, from its configs and checkpoint headers (no weight is read, so a 7B bundle inspects
 * instantly); fails naming every tensor that does not fit.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Summarise a model bundle: components, parameters, sizes, defaults (weights are not read).")
public final class InspectCommand implements Callable<Outcome> {
  @Parameters(paramLabel = "BUNDLE", description = "A bundle folder (bundle.json, unet/, llm/, ...).")
  Path bundle;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    BundleSummary s = ModelBundle.inspect(bundle);
    PrintWriter out = spec.commandLine().getOut();
    BundleConfig c = s.config();
    out.printf(Locale.ROOT, "bundle %s %s: family %s, %d px, %s latent space%n",
        c.id(), c.version(), c.family(), c.imageSize(), c.latentSpace());
    out.printf(Locale.ROOT, "%-16s %-34s %15s %12s%n", "component", "architecture", "parameters", "size");
    for (BundleSummary.Component comp : s.components()) {
      out.printf(Locale.ROOT, "%-16s %-34s %,15d %12s%n",
          comp.component().folder() + "/", comp.architecture(), comp.parameters(), bytes(comp.bytes()));
    }
    out.printf(Locale.ROOT, "%-16s %-34s %,15d %12s%n", "total", "", s.totalParameters(), bytes(s.totalBytes()));
    out.println("tokenizers: " + String.join(", ", s.tokenizers()));
    s.unetLora().ifPresent(l -> out.printf(Locale.ROOT,
        "unet_lora/: %s, %d tensors, %s; merged into unet/ at load%n",
        l.config().map(lc -> "rank " + lc.rank() + ", alpha " + lc.alpha() + " on " + lc.targetPattern())
            .orElse("no LoRA metadata"),
        l.tensors(), bytes(l.bytes())));
    var f = c.features();
    out.printf(Locale.ROOT, "features: layers %s, timestep %d, mode %s, grid %dx%d, seed %d%n",
        f.layers(), f.timestep(), f.featureMode().text(), f.grid(), f.grid(), f.seed());
    var m = c.matcher();
    out.printf(Locale.ROOT, "matcher: timesteps %s, layers %s, denoising term %s, scorer %s, seed %d%n",
        m.timesteps(), m.layers(), m.denoisingTerm() ? "on" : "off", m.scorer(), m.seed());
    var a = c.answerer();
    out.printf(Locale.ROOT, "answerer: template %s, max %d new tokens, stop %s, %s%n",
        a.promptTemplate().replace("\n", "\\n"), a.maxNewTokens(), a.stopToken(),
        a.temperature() == 0 ? "greedy" : "temperature " + a.temperature() + ", top-p " + a.topP());
    out.println("checkpoints: every key and shape matches");
    out.flush();
    return Outcome.OK;
  }

  private static String bytes(long n) {
    if (n >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
    }
    if (n >= 1L << 20) {
      return String.format(Locale.ROOT, "%.2f MiB", n / (double) (1L << 20));
    }
    return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
  }
}
