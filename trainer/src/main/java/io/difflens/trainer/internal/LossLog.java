package io.difflens.trainer.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code loss.jsonl}: one JSON object per logged step ({@code step}, {@code loss}, {@code lr},
 * {@code grad_norm}, {@code seconds}, then any named parts of the loss). A resumed run first drops
 * the lines past its checkpoint, so the log reads as one uninterrupted run.
 */
public final class LossLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  private LossLog(BufferedWriter out) {
    this.out = out;
  }

  /** Opens the log, keeping only the lines of steps before {@code fromStep}. */
  public static LossLog open(Path file, int fromStep) {
    try {
      List<String> kept = new ArrayList<>();
      if (Files.exists(file) && fromStep > 0) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && JSON.readTree(line).path("step").asInt() < fromStep) {
            kept.add(line);
          }
        }
      }
      Files.write(file, kept, StandardCharsets.UTF_8);
      return new LossLog(
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open loss log " + file, e);
    }
  }

  /** A step's line, with {@code parts} of its loss after the usual fields in the map's order. */
  public void write(int step, double loss, double lr, double gradNorm, double seconds, Map<String, Double> parts) {
    ObjectNode line = JSON.createObjectNode();
    line.put("step", step).put("loss", loss).put("lr", lr).put("grad_norm", gradNorm);
    line.put("seconds", Math.round(seconds * 1000) / 1000.0);
    parts.forEach(line::put);
    try {
      out.write(line.toString());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write loss log", e);
    }
  }

  /** Reads the {@code loss} values of a log, in order. */
  public static List<Double> read(Path file) throws IOException {
    List<Double> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line).path("loss").asDouble());
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close loss log", e);
    }
  }
}
