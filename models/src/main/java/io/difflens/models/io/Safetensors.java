package io.difflens.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Entry points for reading and writing safetensors checkpoints. */
public final class Safetensors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Safetensors() {}

  /**
   * Opens a checkpoint: a {@code .safetensors} file, a {@code *.safetensors.index.json} of a
   * sharded checkpoint, or a folder holding exactly one of those (an index wins over shards).
   */
  public static TensorSource open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      List<Path> indexes = new ArrayList<>();
      List<Path> singles = new ArrayList<>();
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
        for (Path p : dir) {
          String name = p.getFileName().toString();
          if (name.endsWith(".safetensors.index.json")) {
            indexes.add(p);
          } else if (name.endsWith(".safetensors")) {
            singles.add(p);
          }
        }
      }
      if (indexes.size() == 1) {
        return ShardedSafetensors.open(indexes.get(0));
      }
      if (indexes.isEmpty() && singles.size() == 1) {
        return SafetensorsFile.open(singles.get(0));
      }
      throw new IOException(
          path
              + ": expected one .safetensors file or one .safetensors.index.json, found "
              + singles.size()
              + " files and "
              + indexes.size()
              + " indexes");
    }
    if (path.getFileName().toString().endsWith(".index.json")) {
      return ShardedSafetensors.open(path);
    }
    return SafetensorsFile.open(path);
  }

  /**
   * Writes tensors to one safetensors file, in the map's order. Floating tensors are stored as
   * {@code floatType} (F32 or F16); INT64/INT32 tensors keep their integer type. The file is
   * written next to the target and moved into place, so readers never see a half-written file.
   */
  public static void write(
      Path path, Map<String, NDArray> tensors, DType floatType, Map<String, String> metadata)
      throws IOException {
    if (floatType != DType.F32 && floatType != DType.F16) {
      throw new IllegalArgumentException("floatType must be F32 or F16, got " + floatType);
    }
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    List<NDArray> stored = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray array = e.getValue();
      DType dtype = storedType(e.getKey(), array.getDataType(), floatType);
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", dtype.name());
      var shape = entry.putArray("shape");
      for (long d : array.getShape().getShape()) {
        shape.add(d);
      }
      long length = array.getShape().size() * dtype.bytes();
      entry.putArray("data_offsets").add(offset).add(offset + length);
      offset += length;
      stored.add(array);
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // The format pads the header with spaces so the data section starts 8-byte aligned.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();

    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".partial");
    try (FileChannel out =
        FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(out, head);
      for (NDArray array : stored) {
        writeFully(out, littleEndianBytes(array, floatType));
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes with F32 floats and no metadata. */
  public static void write(Path path, Map<String, NDArray> tensors) throws IOException {
    write(path, tensors, DType.F32, Map.of());
  }

  private static DType storedType(String name, DataType type, DType floatType) {
    return switch (type) {
      case FLOAT32, FLOAT64, FLOAT16 -> floatType;
      case INT64 -> DType.I64;
      case INT32 -> DType.I32;
      default ->
          throw new IllegalArgumentException(
              "tensor '" + name + "': cannot store data type " + type);
    };
  }

  private static ByteBuffer littleEndianBytes(NDArray array, DType floatType) {
    NDArray converted;
    if (array.getDataType().isFloating()) {
      DataType target = floatType == DType.F16 ? DataType.FLOAT16 : DataType.FLOAT32;
      converted = array.getDataType() == target ? array : array.toType(target, true);
    } else {
      converted = array;
    }
    try {
      ByteBuffer bytes = converted.toByteBuffer(false);
      if (bytes.order() != ByteOrder.LITTLE_ENDIAN
          && ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
        throw new UnsupportedOperationException("safetensors writing needs a little-endian CPU");
      }
      return bytes;
    } finally {
      if (converted != array) {
        converted.close();
      }
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
