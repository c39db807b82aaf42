package io.difflens.models.nn;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A checkpoint does not fit an architecture. Carries every problem at once, so one failed load
 * shows the whole picture: tensors the architecture needs but the checkpoint lacks, tensors the
 * checkpoint has but the architecture does not know, and tensors whose shapes disagree.
 */
public final class CheckpointMismatchException extends RuntimeException {

  /** A tensor present on both sides with different shapes. */
  public record ShapeMismatch(String name, Shape expected, Shape actual) {
    @Override
    public String toString() {
      return name + " (architecture " + expected + ", checkpoint " + actual + ")";
    }
  }

  private final List<String> missing;
  private final List<String> unexpected;
  private final List<ShapeMismatch> misShaped;

  public CheckpointMismatchException(
      String source, List<String> missing, List<String> unexpected, List<ShapeMismatch> misShaped) {
    super(message(source, missing, unexpected, misShaped));
    this.missing = List.copyOf(missing);
    this.unexpected = List.copyOf(unexpected);
    this.misShaped = List.copyOf(misShaped);
  }

  private static String message(
      String source, List<String> missing, List<String> unexpected, List<ShapeMismatch> misShaped) {
    StringBuilder sb =
        new StringBuilder("checkpoint ").append(source).append(" does not match the architecture:");
    if (!missing.isEmpty()) {
      sb.append("\n  missing ")
          .append(missing.size())
          .append(": ")
          .append(String.join(", ", missing));
    }
    if (!unexpected.isEmpty()) {
      sb.append("\n  unexpected ")
          .append(unexpected.size())
          .append(": ")
          .append(String.join(", ", unexpected));
    }
    if (!misShaped.isEmpty()) {
      sb.append("\n  wrong shape ").append(misShaped.size()).append(": ");
      for (int i = 0; i < misShaped.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(misShaped.get(i));
      }
    }
    return sb.toString();
  }

  /** Names the architecture has and the checkpoint lacks. */
  public List<String> missing() {
    return missing;
  }

  /** Checkpoint names (after prefix stripping) the architecture does not have. */
  public List<String> unexpected() {
    return unexpected;
  }

  /** Names whose shapes differ. */
  public List<ShapeMismatch> misShaped() {
    return misShaped;
  }
}
