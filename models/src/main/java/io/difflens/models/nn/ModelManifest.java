package io.difflens.models.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parameter manifest of a network: upstream names and shapes, derived from the network structure
 * without allocating any weight.
 */
public record ModelManifest(List<Entry> entries) {

  /** One parameter tensor. */
  public record Entry(String name, Shape shape) {
    public long size() {
      return shape.size();
    }

    /** The shape as comma-separated ints, the format of the reference manifests. */
    public String shapeText() {
      return Arrays.stream(shape.getShape()).mapToObj(Long::toString).collect(Collectors.joining(","));
    }
  }

  public ModelManifest {
    entries = List.copyOf(entries);
  }

  public static ModelManifest of(Block root) {
    List<Entry> list = new ArrayList<>();
    ParameterPaths.of(root).forEach((name, p) -> list.add(new Entry(name, p.getShape())));
    return new ModelManifest(list);
  }

  public long totalParameters() {
    return entries.stream().mapToLong(Entry::size).sum();
  }

  /** {@code name<TAB>shape} per line, then {@code # total_params: N}. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      sb.append(e.name()).append('\t').append(e.shapeText()).append('\n');
    }
    sb.append("# total_params: ").append(totalParameters()).append('\n');
    return sb.toString();
  }
}
