package io.difflens.trainer.data;

import io.difflens.models.pipeline.FeatureMode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of the UNet tokens of one {@link FeatureBank}, so that recipes that build the same bank (the
 * bundle's own answerer and the CONCAT variant read the same scenes through the same UNet) pay for the
 * UNet passes once. The file holds the token arrays in the order the build asks for them, after a header
 * with the bank's {@code key}: whoever names the file must put into the key everything the tokens depend on
 * (the UNet's and text encoder's weights, layers, grid, timestep, seed, scene and question counts). A
 * plain binary layout rather than a serialisation library: it is a scratch file read back only by the
 * build that wrote it, and big (about 1.2 GB for the tiny bundle's SFT bank), so it streams floats in bulk.
 *
 * @param file where the tokens are kept
 * @param key what the tokens depend on, checked on reading
 */
public record FeatureCache(Path file, String key) {
  private static final int MAGIC = 0x444C4642; // "DLFB"
  private static final int VERSION = 1;

  /** A claim file whose size has not changed for this long belongs to a writer that died. */
  static final Duration STALE = Duration.ofMinutes(5);

  private static final Duration POLL = Duration.ofSeconds(2);

  /** The file a writer claims and fills before moving it to {@link #file()}. */
  Path partFile() {
    return file().resolveSibling(file().getFileName() + ".part");
  }

  Reader reader(int scenes, int questionsPerScene) throws IOException {
    return new Reader(this, scenes, questionsPerScene);
  }

  /**
   * Null once the cache exists, to be read; or a writer, when this caller is the one to build it. The first
   * to create {@link #partFile()} writes; others wait for the cache, and build it themselves only if the
   * writer gives up (its claim disappears) or dies (its claim stops growing for {@link #STALE}).
   */
  Writer awaitOrClaim(FeatureBank.TokenSource source, int scenes, int questionsPerScene)
      throws IOException, InterruptedException {
    Files.createDirectories(file().toAbsolutePath().getParent());
    long lastSize = -1;
    long lastChange = System.nanoTime();
    while (true) {
      if (Files.exists(file())) {
        return null;
      }
      try {
        return new Writer(this, source, scenes, questionsPerScene);
      } catch (FileAlreadyExistsException writing) {
        // another recipe is writing it
      }
      long size = sizeOrMinusOne(partFile());
      if (size != lastSize) {
        lastSize = size;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > STALE.toNanos()) {
        Files.deleteIfExists(partFile());
        continue;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** A writer after the cache could not be read: it is replaced. */
  Writer claimAfterBadRead(FeatureBank.TokenSource source, int scenes, int questionsPerScene) throws IOException {
    Files.deleteIfExists(partFile());
    return new Writer(this, source, scenes, questionsPerScene);
  }

  private static long sizeOrMinusOne(Path p) {
    try {
      return Files.size(p);
    } catch (IOException gone) {
      return -1;
    }
  }

  /** Reads the tokens back, in the order they were written. */
  static final class Reader implements FeatureBank.TokenSource, AutoCloseable {
    private final DataInputStream in;

    Reader(FeatureCache cache, int scenes, int questionsPerScene) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache.file()), 1 << 20));
      try {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
          throw new IllegalStateException("not a difflens feature cache of version " + VERSION);
        }
        String key = in.readUTF();
        int s = in.readInt();
        int q = in.readInt();
        if (!key.equals(cache.key()) || s != scenes || q != questionsPerScene) {
          throw new IllegalStateException(
              "it was written for another bank (" + key + ", " + s + " scenes, " + q + " questions each)");
        }
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }

    @Override
    public boolean hasUnet() {
      return true;
    }

    @Override
    public List<float[]> tokens(FeatureBank.Batch batch, List<String> prompts, FeatureMode mode) {
      List<float[]> rows = new ArrayList<>();
      try {
        for (int i = 0; i < batch.size(); i++) {
          int n = in.readInt();
          byte[] bytes = new byte[Math.multiplyExact(n, Float.BYTES)];
          in.readFully(bytes);
          float[] row = new float[n];
          ByteBuffer.wrap(bytes).asFloatBuffer().get(row);
          rows.add(row);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("the feature cache ends early", e);
      }
      return rows;
    }

    /** Checks that the build read the whole file: a longer file belongs to another bank. */
    void expectEnd() throws IOException {
      try {
        in.readByte();
      } catch (EOFException expected) {
        return;
      }
      throw new IllegalStateException("the feature cache holds more tokens than the bank asked for");
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Passes the UNet's tokens through and records them in the claim file beside the cache, moved into place
   * by {@link #commit()}: a reader never sees half a cache. Creating the claim file fails if another writer
   * holds it.
   */
  static final class Writer implements FeatureBank.TokenSource, AutoCloseable {
    private final FeatureCache cache;
    private final FeatureBank.TokenSource source;
    private final Path tmp;
    private final DataOutputStream out;
    private boolean committed;

    Writer(FeatureCache cache, FeatureBank.TokenSource source, int scenes, int questionsPerScene) throws IOException {
      this.cache = cache;
      this.source = source;
      Files.createDirectories(cache.file().toAbsolutePath().getParent());
      this.tmp = cache.partFile();
      // CREATE_NEW is the claim: it fails while another writer holds the file
      OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      this.out = new DataOutputStream(new BufferedOutputStream(file, 1 << 20));
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(cache.key());
      out.writeInt(scenes);
      out.writeInt(questionsPerScene);
    }

    @Override
    public boolean hasUnet() {
      return true;
    }

    @Override
    public List<float[]> tokens(FeatureBank.Batch batch, List<String> prompts, FeatureMode mode) {
      List<float[]> rows = source.tokens(batch, prompts, mode);
      try {
        for (float[] row : rows) {
          ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(row.length, Float.BYTES));
          bytes.asFloatBuffer().put(row);
          out.writeInt(row.length);
          out.write(bytes.array());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the feature cache " + tmp, e);
      }
      return rows;
    }

    void commit() throws IOException {
      out.close();
      Files.move(tmp, cache.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
    }

    @Override
    public void close() throws IOException {
      out.close();
      if (!committed) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
