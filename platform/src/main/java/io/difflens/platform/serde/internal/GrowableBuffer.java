package io.difflens.platform.serde.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised byte buffer that leaves room for the wire-format header, so the payload is built in
 * place and copied once; {@code ByteArrayOutputStream} synchronises every write.
 */
public final class GrowableBuffer extends OutputStream {

    private byte[] bytes;
    private int size;

    public GrowableBuffer(int initialCapacity) {
        bytes = new byte[Math.max(initialCapacity, WireFormat.HEADER_SIZE + 16)];
        size = WireFormat.HEADER_SIZE;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Bytes written so far, header included. */
    public int size() {
        return size;
    }

    /**
     * The header (for {@code schemaId}) followed by what was written. When the initial capacity was exactly
     * right the backing array is returned as is, saving a copy of large payloads.
     */
    public byte[] toWireFormat(int schemaId) {
        WireFormat.writeHeader(bytes, schemaId);
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
