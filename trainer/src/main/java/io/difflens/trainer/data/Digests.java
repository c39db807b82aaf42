package io.difflens.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 digests (the JDK's), in hex: what a feature cache's name and key are made of. */
public final class Digests {
  private Digests() {}

  public static String sha256(String text) {
    MessageDigest d = newDigest();
    return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A digest of every regular file in {@code folder} (not below it): names and contents, in name order. */
  public static String ofFolder(Path folder) {
    MessageDigest d = newDigest();
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    byte[] buffer = new byte[1 << 16];
    for (Path f : files) {
      d.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      try (InputStream in = new DigestInputStream(Files.newInputStream(f), d)) {
        while (in.read(buffer) >= 0) {
          // the stream feeds the digest
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
