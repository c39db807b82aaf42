package io.difflens.models.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Test-only writer of hand-made safetensors files: an explicit header string and raw data bytes at
 * chosen offsets, to exercise dtypes and layouts our own writer never produces.
 */
final class RawSafetensors {

  private RawSafetensors() {}

  /** Writes the 8-byte length + header, then each (offset, bytes) pair into the data section. */
  static void write(Path path, String header, long dataLength, long[] offsets, byte[][] data)
      throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      // setLength leaves a hole: a multi-GB file costs only the pages actually written
      f.setLength(8 + padded + dataLength);
      f.seek(0);
      f.write(head.array());
      for (int i = 0; i < offsets.length; i++) {
        f.seek(8 + padded + offsets[i]);
        f.write(data[i]);
      }
    }
  }

  static byte[] littleEndian(short... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : values) {
      b.putShort(v);
    }
    return b.array();
  }

  static byte[] littleEndian(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] littleEndian(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
