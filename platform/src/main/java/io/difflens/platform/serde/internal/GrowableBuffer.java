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

    /** The header (for {@code schemaId}) followed by what was written. */
    public byte[] toWireFormat(int schemaId) {
        WireFormat.writeHeader(bytes, schemaId);
        return Arrays.copyOf(bytes, size);
    }
}
