package io.difflens.evaluator.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} run headless as a subprocess: dump a page's DOM after its scripts ran, or save a
 * screenshot. Pages run under a virtual time budget, so timers (the dashboard's polling) advance without the
 * test sleeping; the wall-clock limit only guards against a hung browser.
 */
final class HeadlessChromium {

    private static final long HANG_GUARD_SECONDS = 120;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser named by {@code -Ddifflens.chromium}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    static Optional<HeadlessChromium> find() {
        String configured = System.getProperty("difflens.chromium");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(new HeadlessChromium(path)) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM of {@code url} serialised after {@code virtualMillis} of virtual time. */
    String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
        return run(url, virtualMillis, List.of("--dump-dom"));
    }

    /** Saves a PNG of {@code url} after {@code virtualMillis} of virtual time. */
    void screenshot(String url, int virtualMillis, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(url, virtualMillis, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private String run(String url, int virtualMillis, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("difflens-chromium-");
        Path out = Files.createTempFile("difflens-chromium-", ".out");
        Path err = Files.createTempFile("difflens-chromium-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
                    "--no-default-browser-check", "--disable-extensions", "--mute-audio",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + virtualMillis));
            command.addAll(extra);
            command.add(url);
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("chromium did not finish within " + HANG_GUARD_SECONDS + " s; stderr:\n"
                        + tail(err));
            }
            if (process.exitValue() != 0) {
                throw new IOException("chromium exited with " + process.exitValue() + "; stderr:\n" + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteTree(profile);
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
