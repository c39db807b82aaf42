package io.difflens.models.pipeline;

/** What text conditions the UNet (the paper's prompting variants). */
public enum PromptSource {
  /** The user's question. */
  QUESTION,
  /** A caption of the image (ground truth or from another captioner). */
  CAPTION,
  /** Caption, then question. */
  CAPTION_AND_QUESTION,
  /** No text: the unconditional branch (zeros for SDXL-family bundles). */
  EMPTY
}
