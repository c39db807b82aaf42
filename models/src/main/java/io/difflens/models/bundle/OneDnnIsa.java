package io.difflens.models.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instruction-set cap difflens gives PyTorch's oneDNN kernels: {@code ONEDNN_MAX_CPU_ISA=AVX2}.
 *
 * <p>Why: on a 2-core AMD EPYC with AVX-512 (2026-11-28; PyTorch 2.7.1 as DJL 0.36 ships it), oneDNN's
 * AVX-512 kernels made the UNet's forward pass unrepeatable. Of 400 identical passes of the micro UNet, 8 to 23
 * came out with NaNs, the first of them in the decoder's resnets. A second run of the tiny UNet's training with
 * the same seed logged other losses from its second step on. Capped at AVX2, 0 of 400 passes differed
 * (at SSE4.1 also 0). The same convolutions and norms run alone were repeatable either way. On CPUs without
 * AVX-512 the cap changes nothing.
 *
 * <p>oneDNN reads the variable once, when it first runs a kernel, so it has to be in the process's environment
 * when the process starts: the {@code difflens} launcher, {@code train all}'s recipe processes, the container
 * image and the test JVMs set it. A value already set wins. {@link #warnIfUncapped()} tells a process started
 * any other way on an AVX-512 CPU.
 */
public final class OneDnnIsa {
  /** The environment variable oneDNN reads. */
  public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
  /** The cap: AVX2 kernels at most. */
  public static final String VALUE = "AVX2";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnIsa.class);
  private static final Pattern AVX512 = Pattern.compile("(?m)^flags\\s*:.*\\bavx512f\\b");
  private static volatile boolean checked;

  private OneDnnIsa() {}

  /**
   * The warning for a process with {@code environment} on a CPU whose {@code /proc/cpuinfo} is {@code cpuInfo}:
   * present when the CPU has AVX-512 and neither oneDNN variable is set.
   */
  public static Optional<String> warning(Map<String, String> environment, String cpuInfo) {
    if (environment.containsKey(VARIABLE) || environment.containsKey("DNNL_MAX_CPU_ISA")) {
      return Optional.empty();
    }
    if (!AVX512.matcher(cpuInfo).find()) {
      return Optional.empty();
    }
    return Optional.of(
        "this CPU has AVX-512 and " + VARIABLE + " is not set: oneDNN's AVX-512 kernels made UNet passes"
            + " unrepeatable, with NaNs, on such a machine; start the process with " + VARIABLE + "=" + VALUE
            + " (the difflens launcher, train all and the container image set it)");
  }

  /** Logs {@link #warning} once per process for this machine (Linux; elsewhere nothing is checked). */
  public static void warnIfUncapped() {
    if (checked) {
      return;
    }
    checked = true;
    Path cpuInfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuInfo)) {
      return;
    }
    try {
      warning(System.getenv(), Files.readString(cpuInfo)).ifPresent(LOG::warn);
    } catch (IOException e) {
      LOG.debug("cannot read {}: {}", cpuInfo, e.toString());
    }
  }
}
