package io.difflens.app.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.app.Main;
import io.difflens.models.bundle.OneDnnIsa;
import io.difflens.trainer.Recipe;
import io.difflens.trainer.TrainPlan;
import io.difflens.trainer.ZooSizes;
import io.difflens.trainer.recipes.LanguageRecipes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code difflens train all}: runs {@link TrainPlan#all()} with up to {@code jobs} recipes at once, each in
 * its own JVM. A process per recipe, not a thread: PyTorch's random generator is global to a process, so two
 * recipes in one JVM would interleave their draws and neither would be reproducible from its seed; with one
 * OpenMP thread per child, each recipe keeps one core to itself. Each child's output goes to {@code
 * training/<job>/train.log}; the parent prints one line as a job starts and ends, and writes the wall times
 * to {@code training/train-all.json}. A recipe whose JVM crashes (a native fault: the exit status of a signal
 * such as SIGSEGV) is restarted from its last checkpoint, up to {@code retries} times: resuming is exact (the
 * optimizer state and every step's random draws are restored), so a restarted recipe ends with the weights an
 * uninterrupted one would have.
 */
final class TrainAll {
  /** The wall-time record of the last {@code train all} in a bundle. */
  static final String REPORT = "train-all.json";

  /**
   * The folder under {@code training/} where the recipes share their feature banks' UNet tokens: the bundle's
   * own answerer and the CONCAT variant build the same PT bank and the same SFT bank, and the second of each
   * reads the first's instead of running the UNet again (about 1.6 GB for the tiny bundle).
   */
  static final String FEATURE_CACHE = "feature-cache";

  /**
   * glibc malloc settings for every recipe's JVM, unless already set. PyTorch allocates each step's tensors
   * afresh, and by default glibc hands freed blocks beyond its thresholds back to the kernel, so the next step
   * faults their pages in again, zeroed. Keeping up to 1 GB of freed memory, and serving blocks up to 32 MB
   * (the largest threshold glibc allows) from the heap, made the UNet recipe 4-8% faster on two cores with a
   * quarter of the page faults (trainer/README.md). Other C libraries ignore the variables. The launcher
   * script sets the same two for a single {@code train} command.
   */
  static final Map<String, String> GLIBC_MALLOC =
      Map.of("MALLOC_MMAP_THRESHOLD_", "33554432", "MALLOC_TRIM_THRESHOLD_", "1073741824");

  private final Path out;
  private final List<String> common;
  private final List<String> sftOnly;
  private final int jobs;
  private final boolean resume;
  private final Integer steps;
  private final PrintStream console;
  private final Path ownedCache;
  private final ZooSizes sizes;
  private final int retries;
  private final Launcher launcher;
  /** Set by the shutdown hook: children that die while train all is stopping are not restarted. */
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** How a job's process is made: {@code resume} adds {@code --resume} (a restart after a crash). */
  @FunctionalInterface
  interface Launcher {
    ProcessBuilder command(TrainPlan.Job job, boolean resume);
  }

  /**
   * @param common arguments every child gets after its recipe ({@code --out}, {@code --seed}, ...)
   * @param sftOnly arguments the SFT children get after those ({@code --multi-turn})
   * @param resume skip the recipes that already finished ({@code result.json} with their step count) and
   *     continue the others from their checkpoints
   * @param steps the step count every recipe runs ({@code --steps}), null for each recipe's default
   * @param ownedCache the feature-cache folder this run deletes once every recipe has finished (null: the
   *     user named one, and keeps it)
   * @param sizes the sizes the recipes train at (their feature grid sets the heap SFT needs)
   * @param retries how many times a crashed recipe is restarted from its checkpoint
   * @param launcher makes each job's process (null: a recipe JVM, as {@code difflens train} runs one)
   */
  TrainAll(
      Path out,
      List<String> common,
      List<String> sftOnly,
      int jobs,
      boolean resume,
      Integer steps,
      PrintStream console,
      Path ownedCache,
      ZooSizes sizes,
      int retries,
      Launcher launcher) {
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be >= 1, got " + jobs);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must be >= 0, got " + retries);
    }
    this.retries = retries;
    this.launcher = launcher != null ? launcher : this::recipeProcess;
    this.out = out;
    this.common = List.copyOf(common);
    this.sftOnly = List.copyOf(sftOnly);
    this.jobs = jobs;
    this.resume = resume;
    this.steps = steps;
    this.console = console;
    this.ownedCache = ownedCache;
    this.sizes = sizes;
  }

  /** This machine's physical memory in MB, or 0 where the JVM does not tell it. */
  private static long physicalMemoryMb() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() >> 20;
    }
    return 0;
  }

  /** Whether a resumed run can skip {@code job}: its result says it ran all its steps. */
  private boolean finished(TrainPlan.Job job) {
    Path result = out.resolve("training").resolve(job.key()).resolve("result.json");
    if (!resume || !Files.exists(result)) {
      return false;
    }
    try {
      int target = steps != null ? steps : job.recipe().defaultSteps();
      return new ObjectMapper().readTree(result.toFile()).path("steps").asInt(-1) == target;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * @param startNanos when the job's first attempt started (its minutes include any crash and restart)
   * @param attempt 0 for the first run, 1 for the first restart after a crash, ...
   */
  private record Running(TrainPlan.Job job, Process process, long startNanos, Path log, int attempt) {}

  /**
   * Whether a recipe's exit status says its JVM crashed rather than failed: 128 + a fault signal, SIGILL (4),
   * SIGABRT (6: the JVM aborts after a native crash, leaving an {@code hs_err_pid*.log}), SIGBUS (7), SIGFPE
   * (8) or SIGSEGV (11). A Java exception exits with 1 and would fail the same way again; SIGINT and SIGTERM
   * (130, 143) are someone stopping it; SIGKILL (137) is most often the kernel's out-of-memory killer, which
   * the same heap would meet again.
   */
  static boolean crashed(int exitCode) {
    return switch (exitCode) {
      case 132, 134, 135, 136, 139 -> true;
      default -> false;
    };
  }

  /** Runs {@link TrainPlan#all()}; 0 when every job succeeded. */
  int run() throws InterruptedException {
    return run(TrainPlan.all());
  }

  /** Runs {@code plan} (tests run their own); 0 when every job succeeded. */
  int run(List<TrainPlan.Job> plan) throws InterruptedException {
    // read by the shutdown hook: Ctrl-C on train all stops the recipes it started, not only itself
    List<Running> running = new CopyOnWriteArrayList<>();
    Thread stopChildren =
        new Thread(
            () -> {
              stopping.set(true);
              running.forEach(r -> r.process().destroy());
            },
            "train-all-stop");
    Runtime.getRuntime().addShutdownHook(stopChildren);
    try {
      return run(plan, running);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChildren);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: nothing to remove
      }
    }
  }

  /**
   * The heap below which {@code train all} warns at {@code sizes}: SFT's feature pool ({@link
   * LanguageRecipes#sftBankBytes}) and half as much again for the pool being built and the step's tensors,
   * plus 1 GB for the models. The 8 x 8 grid's SFT trained in a 4 GB heap; the 16 x 16 grid's in 9 GB, 4.8 to
   * 7.1 GB of it in use while it trained (sampled, uncollected garbage included).
   */
  static long recommendedHeapMb(ZooSizes sizes) {
    return (LanguageRecipes.sftBankBytes(sizes) * 3 / 2 >> 20) + 1024;
  }

  private int run(List<TrainPlan.Job> plan, List<Running> running) throws InterruptedException {
    Set<String> started = new HashSet<>();
    Set<String> done = new HashSet<>();
    Map<String, Double> minutes = new LinkedHashMap<>();
    Map<String, Integer> restarts = new LinkedHashMap<>();
    String failed = null;
    long t0 = System.nanoTime();
    console.printf(Locale.ROOT, "train all: %d recipes, up to %d at once, into %s%n", plan.size(), jobs, out);
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    long poolMb = LanguageRecipes.sftBankBytes(sizes) >> 20;
    long recommendedHeapMb = recommendedHeapMb(sizes);
    if (heapMb < recommendedHeapMb) {
      // the children get this JVM's options (start): a small parent heap starves every recipe
      console.printf(
          Locale.ROOT,
          "train all: warning: each recipe inherits this JVM's maximum heap, %d MB; SFT's feature pool on the"
              + " %d x %d grid holds about %d MB (start train all with -Xmx%dg)%n",
          heapMb, sizes.featureSide(), sizes.featureSide(), poolMb, (recommendedHeapMb + 1023) / 1024);
    }
    long physicalMb = physicalMemoryMb();
    if (jobs > 1 && physicalMb > 0 && jobs * recommendedHeapMb > physicalMb) {
      // the bundle's SFT and the CONCAT variant's run at the same time, each with its own pool
      console.printf(
          Locale.ROOT,
          "train all: warning: %d recipes at once may each need about %d MB, more than this machine's %d MB"
              + " together (use --jobs 1, or a coarser --feature-grid)%n",
          jobs, recommendedHeapMb, physicalMb);
    }
    for (TrainPlan.Job job : plan) {
      if (finished(job)) {
        started.add(job.key());
        done.add(job.key());
        console.printf(Locale.ROOT, "[%5.1f min] %-10s already done%s%n", 0.0, job.key(), lossSummary(job.key()));
      }
    }
    while (true) {
      while (failed == null && running.size() < jobs) {
        TrainPlan.Job next = TrainPlan.nextReady(plan, started, done);
        if (next == null) {
          break;
        }
        started.add(next.key());
        running.add(start(next, 0, System.nanoTime()));
        console.printf(Locale.ROOT, "[%5.1f min] %-10s started%n", minutesSince(t0), next.key());
      }
      if (running.isEmpty()) {
        break;
      }
      Running finished = awaitAny(running);
      running.remove(finished);
      int code = finished.process().exitValue();
      double took = minutesSince(finished.startNanos());
      String key = finished.job().key();
      if (crashed(code) && finished.attempt() < retries && !stopping.get()) {
        // the same recipe again, from its last checkpoint (its log gets the new run appended)
        restarts.merge(key, 1, Integer::sum);
        console.printf(
            Locale.ROOT,
            "[%5.1f min] %-10s crashed (exit %d, signal %d; its output: %s); restarting it from its last"
                + " checkpoint (restart %d of at most %d)%n",
            minutesSince(t0), key, code, code - 128, finished.log(), finished.attempt() + 1, retries);
        running.add(start(finished.job(), finished.attempt() + 1, finished.startNanos()));
        continue;
      }
      minutes.put(key, took);
      if (code == 0) {
        done.add(finished.job().key());
        console.printf(
            Locale.ROOT, "[%5.1f min] %-10s done in %.1f min%s%n", minutesSince(t0), finished.job().key(), took,
            lossSummary(finished.job().key()));
      } else {
        failed = failed == null ? finished.job().key() : failed;
        console.printf(
            Locale.ROOT, "[%5.1f min] %-10s FAILED (exit %d); its output: %s%n", minutesSince(t0),
            finished.job().key(), code, finished.log());
      }
    }
    double total = minutesSince(t0);
    writeReport(minutes, restarts, total, failed);
    if (failed != null) {
      console.printf(
          Locale.ROOT,
          "train all stopped: %s failed; jobs that depend on it did not run. Fix the cause and re-run with"
              + " --resume: finished recipes are skipped, the others continue from their last checkpoint.%n",
          failed);
      return 1;
    }
    deleteOwnedCache();
    console.printf(Locale.ROOT, "train all: %d recipes in %.1f min wall time%n", done.size(), total);
    return 0;
  }

  /** Deletes the feature caches once nothing needs them (after a failure they stay, for --resume). */
  private void deleteOwnedCache() {
    if (ownedCache == null || !Files.isDirectory(ownedCache)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.list(ownedCache)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
      Files.delete(ownedCache);
    } catch (IOException e) {
      console.printf(Locale.ROOT, "train all: could not delete the feature caches in %s: %s%n", ownedCache, e);
    }
  }

  private Running start(TrainPlan.Job job, int attempt, long firstStartNanos) {
    Path dir = out.resolve("training").resolve(job.key());
    Path log = dir.resolve("train.log");
    ProcessBuilder pb = launcher.command(job, attempt > 0).redirectErrorStream(true);
    try {
      Files.createDirectories(dir);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return new Running(job, pb.start(), firstStartNanos, log, attempt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + job.key(), e);
    }
  }

  /** A recipe's JVM: this JVM's options and class path, {@code train <job> <common>}. */
  private ProcessBuilder recipeProcess(TrainPlan.Job job, boolean restart) {
    Path dir = out.resolve("training").resolve(job.key());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // heap size and -D settings carry over; a coverage or debug agent belongs to the parent only
      if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib") && !arg.startsWith("-agentpath")) {
        command.add(arg);
      }
    }
    if (command.stream().noneMatch(a -> a.startsWith("-XX:ErrorFile="))) {
      // a crash report beside the recipe's log, not in whatever folder train all was started from
      command.add("-XX:ErrorFile=" + dir.toAbsolutePath().resolve("hs_err_pid%p.log"));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("train");
    command.addAll(job.arguments());
    command.addAll(common);
    if (job.recipe() == Recipe.SFT) {
      command.addAll(sftOnly);
    }
    if (restart && !command.contains("--resume")) {
      command.add("--resume");
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    childEnvironment(pb.environment(), jobs);
    return pb;
  }

  /**
   * Completes a recipe's environment {@code env} (a copy of this process's): what it already sets wins.
   */
  static void childEnvironment(Map<String, String> env, int jobs) {
    if (jobs > 1) {
      // one core per recipe: two recipes with a full thread pool each would fight over both cores
      env.putIfAbsent("OMP_NUM_THREADS", "1");
    }
    GLIBC_MALLOC.forEach(env::putIfAbsent);
    if (!env.containsKey("DNNL_MAX_CPU_ISA")) {
      // oneDNN's AVX-512 kernels made UNet passes unrepeatable on an AVX-512 machine (OneDnnIsa)
      env.putIfAbsent(OneDnnIsa.VARIABLE, OneDnnIsa.VALUE);
    }
  }

  private static Running awaitAny(List<Running> running) throws InterruptedException {
    while (true) {
      for (Running r : running) {
        if (r.process().waitFor(200, TimeUnit.MILLISECONDS)) {
          return r;
        }
      }
    }
  }

  private String lossSummary(String key) {
    Path result = out.resolve("training").resolve(key).resolve("result.json");
    try {
      JsonNode r = new ObjectMapper().readTree(result.toFile());
      return String.format(
          Locale.ROOT, ", loss %.4f -> %.4f", r.path("first_loss").asDouble(), r.path("last_loss").asDouble());
    } catch (IOException e) {
      return "";
    }
  }

  private void writeReport(Map<String, Double> minutes, Map<String, Integer> restarts, double total, String failed) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.createObjectNode();
    report.put("jobs", jobs);
    report.put("total_minutes", Math.round(total * 10) / 10.0);
    report.put("complete", failed == null);
    if (failed != null) {
      report.put("failed", failed);
    }
    ArrayNode list = report.putArray("recipes");
    minutes.forEach(
        (k, m) -> {
          ObjectNode recipe = list.addObject().put("recipe", k).put("minutes", Math.round(m * 10) / 10.0);
          if (restarts.containsKey(k)) {
            recipe.put("restarts", restarts.get(k));
          }
        });
    try {
      Files.createDirectories(out.resolve("training"));
      Files.writeString(out.resolve("training").resolve(REPORT), report.toPrettyString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double minutesSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 60e9;
  }
}
