package io.difflens.ingest.publish;

/** Where a dataset goes. */
public enum PublishTarget {
  /** Questions to {@code vqa.requests} (and, with labels, ground truth to {@code vqa.labels}): to be answered and scored. */
  REQUESTS,
  /** Question–answer pairs to {@code training.examples}: to be learnt from. */
  TRAINING
}
