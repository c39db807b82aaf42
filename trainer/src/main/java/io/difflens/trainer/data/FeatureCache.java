package io.difflens.trainer.data;

import io.difflens.models.pipeline.FeatureMode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  Reader reader(int scenes, int questionsPerScene) throws IOException {
    return new Reader(this, scenes, questionsPerScene);
  }

  Writer writer(FeatureBank.TokenSource source, int scenes, int questionsPerScene) throws IOException {
    return new Writer(this, source, scenes, questionsPerScene);
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
   * Passes the UNet's tokens through and records them in a temporary file beside the cache, moved into place
   * by {@link #commit()}: a reader never sees half a cache, and two recipes writing the same cache at once
   * each move a complete copy.
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
      Path dir = cache.file().toAbsolutePath().getParent();
      Files.createDirectories(dir);
      this.tmp = Files.createTempFile(dir, cache.file().getFileName().toString(), ".part");
      this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20));
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
