package io.difflens.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code .safetensors} file, read tensor by tensor through memory maps.
 *
 * <p>Layout: an 8-byte little-endian header length {@code n}, {@code n} bytes of JSON ({@code
 * {name: {dtype, shape, data_offsets}}} plus an optional {@code __metadata__} string map), then the
 * data section; offsets are relative to its start. Only the header is read on open.
 *
 * <p>Why not DJL's {@code NDList.decode}: it reads the whole file into one {@code byte[]}, which
 * fails past 2 GB (SDXL's UNet is 5 GB in fp16). Here each tensor's byte range is mapped on its
 * own, so the file may be any size; only a single tensor must stay under 2 GB. The mapping is
 * READ_ONLY (a PRIVATE mapping would need the file opened for writing, which read-only checkpoint
 * files refuse) and is only ever read: the returned array is a copy owned by the caller's manager.
 */
public final class SafetensorsFile implements TensorSource {

  /** The format caps the header at 100 MB; a larger length means a corrupt or foreign file. */
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens a file and parses its header; tensor data is read on {@link #load}.
   *
   * @throws IOException if the file cannot be read or its header is malformed
   */
  public static SafetensorsFile open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw new IOException(path + ": " + fileSize + " bytes is too short for safetensors");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileSize) {
        throw new IOException(
            path
                + ": header length "
                + headerLength
                + " is invalid for a file of "
                + fileSize
                + " bytes");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(channel, header, 8);
      String json = new String(header.array(), StandardCharsets.UTF_8);
      long dataStart = 8 + headerLength;
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, TensorInfo> tensors = parseHeader(path, json, fileSize - dataStart, metadata);
      return new SafetensorsFile(
          path,
          channel,
          dataStart,
          Collections.unmodifiableMap(tensors),
          Collections.unmodifiableMap(metadata));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Parses a header; package-private so the offset arithmetic can be tested on its own. */
  static Map<String, TensorInfo> parseHeader(
      Path path, String json, long dataLength, Map<String, String> metadataOut) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException(path + ": safetensors header is not a JSON object");
    }
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode node = e.getValue();
      if ("__metadata__".equals(name)) {
        node.fields().forEachRemaining(m -> metadataOut.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      JsonNode shapeNode = node.get("shape");
      JsonNode offsets = node.get("data_offsets");
      JsonNode dtype = node.get("dtype");
      if (shapeNode == null || offsets == null || dtype == null || offsets.size() != 2) {
        throw new IOException(path + ": tensor '" + name + "' has a malformed entry " + node);
      }
      long[] dims = new long[shapeNode.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shapeNode.get(i).asLong();
      }
      TensorInfo info;
      try {
        info =
            new TensorInfo(
                name,
                DType.parse(dtype.asText()),
                new Shape(dims),
                offsets.get(0).asLong(),
                offsets.get(1).asLong());
      } catch (IllegalArgumentException ex) {
        throw new IOException(path + ": " + ex.getMessage(), ex);
      }
      if (info.end() > dataLength) {
        throw new IOException(
            path
                + ": tensor '"
                + name
                + "' ends at data offset "
                + info.end()
                + " but the data section holds only "
                + dataLength
                + " bytes");
      }
      tensors.put(name, info);
    }
    return tensors;
  }

  /** The file this source reads. */
  public Path path() {
    return path;
  }

  /** Absolute file offset of the first data byte (8 + header length). */
  public long dataStart() {
    return dataStart;
  }

  @Override
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public NDArray load(String name, NDManager manager) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new IllegalArgumentException(path + ": no tensor named '" + name + "'");
    }
    if (!info.dtype().loadable()) {
      throw new IllegalArgumentException(
          path + ": tensor '" + name + "' has type " + info.dtype() + ", which is not loadable");
    }
    if (info.byteLength() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          path
              + ": tensor '"
              + name
              + "' is "
              + info.byteLength()
              + " bytes; a single tensor must be under 2 GiB");
    }
    DataType target = info.dtype().isFloating() ? DataType.FLOAT32 : DataType.INT64;
    if (info.byteLength() == 0) {
      return manager.zeros(info.shape(), target);
    }
    try {
      MappedByteBuffer mapped =
          channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength());
      mapped.order(ByteOrder.LITTLE_ENDIAN);
      return switch (info.dtype()) {
        case F32 -> copyOfView(manager, mapped, info.shape(), DataType.FLOAT32, target);
        case F64 -> copyOfView(manager, mapped, info.shape(), DataType.FLOAT64, target);
        case F16 -> copyOfView(manager, mapped, info.shape(), DataType.FLOAT16, target);
        case I64 -> copyOfView(manager, mapped, info.shape(), DataType.INT64, target);
        case I32 -> copyOfView(manager, mapped, info.shape(), DataType.INT32, target);
        case BF16 -> widenBf16(manager, mapped, info.shape());
        default -> throw new IllegalStateException("unreachable: " + info.dtype());
      };
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": reading tensor '" + name + "'", e);
    }
  }

  /**
   * Wraps the mapped bytes as a temporary zero-copy array (never written: the mapping is read-only)
   * and returns a copy, converted to {@code target}, owned by {@code manager}.
   */
  private static NDArray copyOfView(
      NDManager manager, ByteBuffer mapped, Shape shape, DataType stored, DataType target) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      // A native view would misread little-endian data; not a platform we run on.
      throw new UnsupportedOperationException("safetensors loading needs a little-endian CPU");
    }
    try (NDManager scratch = manager.newSubManager()) {
      NDArray view = scratch.create(mapped, shape, stored);
      NDArray copy = stored == target ? view.duplicate() : view.toType(target, true);
      copy.attach(manager);
      return copy;
    }
  }

  /** bfloat16 is the upper half of a float32: shifting the 16 bits up is an exact widening. */
  private static NDArray widenBf16(NDManager manager, ByteBuffer mapped, Shape shape) {
    int n = mapped.remaining() / 2;
    ByteBuffer wide = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
    for (int i = 0; i < n; i++) {
      int bits = mapped.getShort(2 * i) & 0xFFFF;
      wide.putInt(4 * i, bits << 16);
    }
    try (NDManager scratch = manager.newSubManager()) {
      // The direct buffer would stay referenced by the array; a native copy lets it be freed.
      NDArray view = scratch.create(wide, shape, DataType.FLOAT32);
      NDArray copy = view.duplicate();
      copy.attach(manager);
      return copy;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at offset " + pos);
      }
      pos += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
  }
}
