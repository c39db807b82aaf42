package io.difflens.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code difflens} command running in a child JVM on the test class path (not the shaded jar), with its
 * stdout read line by line and its stderr kept in a file for diagnosis.
 */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final Path stderr;
  private final Thread reader;

  private ChildProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildProcess start(Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildProcess(p, stderr);
  }

  /** Reads lines until one starts with {@code prefix}; fails if the process dies or {@code timeout} passes. */
  String awaitLine(String prefix, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String s : seen) {
      if (s.startsWith(prefix)) {
        return s;
      }
    }
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.startsWith(prefix)) {
          return line;
        }
      } else if (!process.isAlive() && !reader.isAlive() && lines.isEmpty()) {
        // the reader thread has seen end-of-stream, so every line the process printed is in the queue
        throw new AssertionError("process exited with " + process.exitValue() + " before printing '" + prefix
            + "'; stdout " + seen + "; stderr:\n" + stderrTail());
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; stdout " + seen);
  }

  /** The value of a {@code key=value} line. */
  String value(String key, Duration timeout) throws Exception {
    return awaitLine(key + "=", timeout).substring(key.length() + 1);
  }

  /** SIGTERM, then waits for the exit. */
  int terminate(Duration timeout) throws InterruptedException {
    // Process.destroy() would also close our end of stdout, losing what the process prints while stopping;
    // the handle sends the same SIGTERM and leaves the pipes open.
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process did not exit within " + timeout + " of SIGTERM; stderr in " + stderr);
    }
    return process.exitValue();
  }

  private String stderrTail() {
    try {
      List<String> all = java.nio.file.Files.readAllLines(stderr);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
