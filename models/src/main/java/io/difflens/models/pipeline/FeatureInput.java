package io.difflens.models.pipeline;

import io.difflens.models.image.ImageTensor;
import java.util.Objects;
import java.util.Optional;

/**
 * One image and its text condition.
 *
 * @param image the preprocessed image at the bundle's size
 * @param prompt the question (or any prompt); empty for none
 * @param caption a caption put before the prompt, when given
 */
public record FeatureInput(ImageTensor image, String prompt, Optional<String> caption) {
  public FeatureInput {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(caption, "caption");
  }

  /** An image with a prompt and no caption. */
  public static FeatureInput of(ImageTensor image, String prompt) {
    return new FeatureInput(image, prompt, Optional.empty());
  }

  /** The text the UNet is conditioned on: {@code caption + " " + prompt}, either may be absent. */
  public String text() {
    String p = prompt.strip();
    return caption.map(String::strip).filter(c -> !c.isEmpty()).map(c -> p.isEmpty() ? c : c + " " + p).orElse(p);
  }
}
