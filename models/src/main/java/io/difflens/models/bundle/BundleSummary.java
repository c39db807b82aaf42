package io.difflens.models.bundle;

import java.util.List;

/**
 * What a bundle holds, found without reading a weight (the output of {@code difflens model
 * inspect}).
 *
 * @param config its {@code bundle.json}
 * @param components every network present
 * @param tokenizers the tokenizer folders present
 */
public record BundleSummary(
    BundleConfig config, List<Component> components, List<String> tokenizers) {

  /**
   * One network.
   *
   * @param architecture the upstream class name from its config
   * @param parameters parameter count of the architecture its config describes
   * @param bytes size of its safetensors files on disk
   */
  public record Component(BundleComponent component, String architecture, long parameters, long bytes) {}

  public BundleSummary {
    components = List.copyOf(components);
    tokenizers = List.copyOf(tokenizers);
  }

  public long totalParameters() {
    return components.stream().mapToLong(Component::parameters).sum();
  }

  public long totalBytes() {
    return components.stream().mapToLong(Component::bytes).sum();
  }
}
