package io.difflens.models.bundle;

import io.difflens.models.lora.LoraConfig;
import java.util.List;
import java.util.Optional;

/**
 * What a bundle holds, found without reading a weight (the output of {@code difflens model
 * inspect}).
 *
 * @param config its {@code bundle.json}
 * @param components every network present
 * @param tokenizers the tokenizer folders present
 * @param unetLora the answerer's LoRA on the UNet ({@code unet_lora/}), merged into the UNet at load
 */
public record BundleSummary(
    BundleConfig config, List<Component> components, List<String> tokenizers, Optional<UnetLora> unetLora) {

  /**
   * The LoRA in {@code unet_lora/}, from its file's header.
   *
   * @param config rank, alpha and the pattern of the UNet layers it adapts; empty if the file does not say
   * @param tensors its lora_A and lora_B tensors
   * @param bytes its file's size
   */
  public record UnetLora(Optional<LoraConfig> config, int tensors, long bytes) {}

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
    java.util.Objects.requireNonNull(unetLora, "unetLora");
  }

  public long totalParameters() {
    return components.stream().mapToLong(Component::parameters).sum();
  }

  public long totalBytes() {
    return components.stream().mapToLong(Component::bytes).sum();
  }
}
