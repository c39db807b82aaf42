package io.difflens.ingest.publish;

/** Told after every record of a publication; the CLI draws a progress bar with it. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total, rejected) -> {};

  /**
   * @param done records handled so far (published or rejected)
   * @param total records expected, or {@code -1} when unknown
   * @param rejected records rejected so far
   */
  void onProgress(long done, long total, long rejected);
}
