package io.difflens.models.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * A bundle's {@code bundle.json}: identity, conditioning family, image size, latent space and the
 * default options of the three pipelines. Documented field by field in {@code models/BUNDLE.md}.
 *
 * @param id a short name, e.g. {@code tiny} or {@code sdxl-vicuna7b}
 * @param version the bundle's version (adapters name the base version they were trained on)
 * @param family how prompts condition the UNet
 * @param imageSize the square input size images are resized to, in pixels
 * @param latentSpace whether the UNet works on VAE latents or on pixels
 */
public record BundleConfig(
    @JsonProperty("id") String id,
    @JsonProperty("version") String version,
    @JsonProperty("family") BundleFamily family,
    @JsonProperty("image_size") int imageSize,
    @JsonProperty("latent_space") LatentSpace latentSpace,
    @JsonProperty("features") FeatureDefaults features,
    @JsonProperty("matcher") MatcherDefaults matcher,
    @JsonProperty("answerer") AnswererDefaults answerer) {

  /** The file name inside a bundle directory. */
  public static final String FILE = "bundle.json";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  public BundleConfig {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "bundle id must be letters, digits, '.', '_' or '-', got '" + id + "'");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("bundle version must be given");
    }
    if (family == null || latentSpace == null) {
      throw new IllegalArgumentException(
          "bundle family and latent_space are required, got " + family + ", " + latentSpace);
    }
    if (imageSize <= 0) {
      throw new IllegalArgumentException("image_size must be positive, got " + imageSize);
    }
    if (features == null || matcher == null || answerer == null) {
      throw new IllegalArgumentException("bundle.json needs features, matcher and answerer sections");
    }
  }

  /** Reads and validates {@code bundle.json}. */
  public static BundleConfig read(Path file) {
    try {
      return JSON.readValue(file.toFile(), BundleConfig.class);
    } catch (IOException e) {
      // Jackson wraps our constructor's IllegalArgumentException; keep its message visible.
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException("invalid " + file + ": " + cause.getMessage(), e);
    }
  }

  /** Writes this config as indented JSON. */
  public void write(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // write then rename: parallel recipes of train all rewrite it, and a reader never sees half a file
      Path tmp = Files.createTempFile(dir, ".bundle", ".json.tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public BundleConfig withId(String newId) {
    return new BundleConfig(newId, version, family, imageSize, latentSpace, features, matcher, answerer);
  }

  public BundleConfig withVersion(String newVersion) {
    return new BundleConfig(id, newVersion, family, imageSize, latentSpace, features, matcher, answerer);
  }

  public BundleConfig withFeatures(FeatureDefaults f) {
    return new BundleConfig(id, version, family, imageSize, latentSpace, f, matcher, answerer);
  }

  public BundleConfig withMatcher(MatcherDefaults m) {
    return new BundleConfig(id, version, family, imageSize, latentSpace, features, m, answerer);
  }

  public BundleConfig withAnswerer(AnswererDefaults a) {
    return new BundleConfig(id, version, family, imageSize, latentSpace, features, matcher, a);
  }
}
