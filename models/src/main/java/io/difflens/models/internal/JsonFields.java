package io.difflens.models.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Typed reads of upstream {@code config.json} fields, with errors that name the missing or mistyped
 * key.
 */
public final class JsonFields {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonFields() {}

  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  public static int requireInt(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.canConvertToInt() || !v.isNumber()) {
      throw new IllegalArgumentException("config key '" + key + "' must be an integer, got " + v);
    }
    return v.asInt();
  }

  public static int optInt(JsonNode node, String key, int fallback) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? fallback : requireInt(node, key);
  }

  public static double requireDouble(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("config key '" + key + "' must be a number, got " + v);
    }
    return v.asDouble();
  }

  public static double optDouble(JsonNode node, String key, double fallback) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? fallback : requireDouble(node, key);
  }

  public static String optText(JsonNode node, String key, String fallback) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  public static boolean optBoolean(JsonNode node, String key, boolean fallback) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? fallback : v.asBoolean();
  }

  /** First entry of {@code architectures}, or {@code fallback} when the config has none. */
  public static String architecture(JsonNode node, String fallback) {
    JsonNode a = node.get("architectures");
    return a != null && a.isArray() && a.size() > 0 ? a.get(0).asText() : fallback;
  }
}
