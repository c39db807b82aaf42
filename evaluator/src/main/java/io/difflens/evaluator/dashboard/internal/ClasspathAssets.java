package io.difflens.evaluator.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Static files served from the classpath: the dashboard's own page under a resource folder, and WebJar
 * files under {@code META-INF/resources/webjars/}.
 *
 * <p>WebJar paths may leave out the version ({@code /webjars/uplot/dist/uPlot.iife.min.js}); it is then read
 * from the WebJar's own {@code pom.properties}, so the version is written only in the pom. (The webjars-locator
 * library does the same by scanning the classpath; this small lookup avoids that dependency.)
 */
public final class ClasspathAssets {

    /** A file to send. */
    public record Asset(byte[] bytes, String contentType) {
    }

    // Only plain relative paths: no "..", no empty segments, no backslashes, no URL-encoded tricks.
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final ClassLoader loader;
    private final String pageRoot;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /**
     * @param loader   where to look
     * @param pageRoot resource folder of the page's own files, e.g. {@code io/difflens/evaluator/dashboard/web}
     */
    public ClasspathAssets(ClassLoader loader, String pageRoot) {
        this.loader = loader;
        this.pageRoot = pageRoot.endsWith("/") ? pageRoot : pageRoot + "/";
    }

    /** A file of the page ({@code index.html}, {@code dashboard.js}...), if it exists. */
    public Optional<Asset> page(String relativePath) {
        return isSafe(relativePath) ? load(pageRoot + relativePath) : Optional.empty();
    }

    /** A WebJar file, {@code relativePath} being what follows {@code /webjars/} in the URL. */
    public Optional<Asset> webJar(String relativePath) {
        if (!isSafe(relativePath)) {
            return Optional.empty();
        }
        Optional<Asset> exact = load(WEBJARS + relativePath);
        if (exact.isPresent()) {
            return exact;
        }
        int slash = relativePath.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String name = relativePath.substring(0, slash);
        return webJarVersion(name).flatMap(v -> load(WEBJARS + name + "/" + v + relativePath.substring(slash)));
    }

    private Optional<String> webJarVersion(String name) {
        for (String group : new String[] {"org.webjars.npm", "org.webjars"}) {
            try (InputStream in = loader.getResourceAsStream("META-INF/maven/" + group + "/" + name + "/pom.properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    return Optional.ofNullable(properties.getProperty("version"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the version of WebJar " + name, e);
            }
        }
        return Optional.empty();
    }

    private Optional<Asset> load(String resource) {
        return cache.computeIfAbsent(resource, r -> {
            try (InputStream in = loader.getResourceAsStream(r)) {
                return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), contentType(r)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + r + " from the classpath", e);
            }
        });
    }

    private static boolean isSafe(String path) {
        return path != null && SAFE_PATH.matcher(path).matches() && !path.contains("..");
    }

    private static String contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        String extension = dot < 0 ? "" : resource.substring(dot + 1);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
