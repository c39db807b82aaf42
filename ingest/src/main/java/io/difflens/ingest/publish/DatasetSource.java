package io.difflens.ingest.publish;

import java.util.stream.Stream;

/**
 * A dataset on disk, as a stream of items. The folder-plus-JSONL layout is {@link JsonlFolderSource}; the
 * readers of the {@code datasets} module (MMVP, Winoground, BLINK, ...) plug in here as further
 * implementations.
 */
public interface DatasetSource {
  /** A short description for progress and summary lines. */
  String describe();

  /** How many items {@link #items()} will yield, when cheap to know; {@code -1} otherwise. */
  long size();

  /** The items, in order. The caller closes the stream. */
  Stream<DatasetItem> items();
}
