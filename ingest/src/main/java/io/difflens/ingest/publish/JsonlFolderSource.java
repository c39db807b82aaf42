package io.difflens.ingest.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.ingest.validation.RawText;
import io.difflens.ingest.validation.RawVqaInput;
import io.difflens.ingest.validation.Rejection;
import io.difflens.ingest.validation.RejectionCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A folder of images and a JSONL file of questions, one JSON object per line:
 * {@code {"id"?, "image": "rel/path.png", "question": "...", "answer"?, "category"?, "benchmark"?}}. Image
 * paths are relative to the folder and may not leave it. Blank lines are skipped. The benchmark defaults
 * to the JSONL file's name without extension.
 */
public final class JsonlFolderSource implements DatasetSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path images;
  private final Path questions;
  private final String defaultBenchmark;

  public JsonlFolderSource(Path images, Path questions) {
    this.images = Objects.requireNonNull(images, "images").toAbsolutePath().normalize();
    this.questions = Objects.requireNonNull(questions, "questions");
    if (!Files.isDirectory(this.images)) {
      throw new IllegalArgumentException("images folder " + images + " does not exist or is not a directory");
    }
    if (!Files.isRegularFile(questions)) {
      throw new IllegalArgumentException("questions file " + questions + " does not exist");
    }
    String name = questions.getFileName().toString();
    this.defaultBenchmark = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
  }

  @Override
  public String describe() {
    return questions.getFileName() + " with images from " + images.getFileName();
  }

  @Override
  public long size() {
    try (Stream<String> lines = Files.lines(questions, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  @Override
  public Stream<DatasetItem> items() {
    BufferedReader reader;
    try {
      // ISO-8859-1 maps every byte to one char, so a line with invalid UTF-8 is read intact; its JSON is
      // re-decoded from the original bytes below, strictly, by Jackson.
      reader = Files.newBufferedReader(questions, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + questions, e);
    }
    AtomicLong lineNo = new AtomicLong();
    String file = questions.getFileName().toString();
    return reader.lines()
        .map(line -> new Object[] {lineNo.incrementAndGet(), line})
        .filter(p -> !((String) p[1]).isBlank())
        .map(p -> parse(file + ":" + p[0], ((String) p[1]).getBytes(StandardCharsets.ISO_8859_1)))
        .onClose(() -> {
          try {
            reader.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private DatasetItem parse(String location, byte[] line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return unreadable(location, RejectionCode.RECORD_MALFORMED, "not a JSON object: " + e.getOriginalMessage());
    } catch (IOException e) {
      return unreadable(location, RejectionCode.RECORD_MALFORMED, "not a JSON object: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      return unreadable(location, RejectionCode.RECORD_MALFORMED, "not a JSON object");
    }
    String image = text(n, "image");
    if (image == null || image.isBlank()) {
      return unreadable(location, RejectionCode.IMAGE_MISSING, "record has no \"image\" path");
    }
    Path file = images.resolve(image).normalize();
    if (!file.startsWith(images)) {
      return unreadable(location, RejectionCode.IMAGE_NOT_FOUND, "image path " + image + " leaves the images folder");
    }
    if (!Files.isRegularFile(file)) {
      return unreadable(location, RejectionCode.IMAGE_NOT_FOUND, "image " + image + " does not exist");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return unreadable(location, RejectionCode.IMAGE_NOT_FOUND, "cannot read image " + image + ": " + e.getMessage());
    }
    var input = new RawVqaInput(text(n, "id"), bytes, RawText.of(text(n, "question")), null, null);
    String benchmark = text(n, "benchmark");
    return new DatasetItem.Question(location, input, text(n, "answer"), text(n, "category"),
        benchmark == null || benchmark.isBlank() ? defaultBenchmark : benchmark);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static DatasetItem unreadable(String location, RejectionCode code, String message) {
    return new DatasetItem.Unreadable(location, new Rejection(code, message));
  }
}
