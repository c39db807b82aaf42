package io.difflens.datasets.world;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder (8-bit RGB, no filter, no metadata chunks), written here instead of using ImageIO's
 * writer because the bytes must not depend on the JDK: ImageIO picks row filters and a compression level of its
 * own, and the JDK's {@code Deflater} is whatever zlib the platform links (zlib and zlib-ng compress the same
 * data differently). {@link Compression#STORED} writes uncompressed deflate blocks, fully specified by the PNG
 * and zlib formats, so a given image has the same bytes on every JVM; {@link Compression#DEFLATE} is about five
 * times smaller, with bytes that depend on the zlib in use.
 */
public final class Png {

    /** How the image data is compressed. */
    public enum Compression {
        /** Uncompressed deflate blocks: identical bytes on every JVM (about 3 KB for 32x32, 12 KB for 64x64). */
        STORED,
        /** Deflate at level 9: smaller, bytes depend on the platform's zlib. */
        DEFLATE
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int MAX_STORED_BLOCK = 65_535;

    private Png() {
    }

    /** Encodes the image's RGB channels (alpha, if any, is dropped). */
    public static byte[] encode(BufferedImage image, Compression compression) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] raw = new byte[h * (1 + 3 * w)];
        int k = 0;
        for (int y = 0; y < h; y++) {
            raw[k++] = 0; // filter type None
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                raw[k++] = (byte) (p >> 16);
                raw[k++] = (byte) (p >> 8);
                raw[k++] = (byte) p;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 128);
        out.writeBytes(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        writeInt(ihdr, w);
        writeInt(ihdr, h);
        ihdr.writeBytes(new byte[] {8, 2, 0, 0, 0}); // 8 bits, truecolour, deflate, adaptive filtering, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", compression == Compression.STORED ? zlibStored(raw) : zlibDeflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] zlibStored(byte[] data) {
        ByteArrayOutputStream z = new ByteArrayOutputStream(data.length + data.length / MAX_STORED_BLOCK * 5 + 16);
        z.write(0x78); // deflate, 32K window
        z.write(0x01); // no preset dictionary, check bits make 0x7801 a multiple of 31
        int offset = 0;
        do {
            int len = Math.min(MAX_STORED_BLOCK, data.length - offset);
            boolean last = offset + len == data.length;
            z.write(last ? 1 : 0); // BFINAL, BTYPE = 00 (stored)
            z.write(len & 0xFF);
            z.write(len >>> 8);
            z.write(~len & 0xFF);
            z.write((~len >>> 8) & 0xFF);
            z.write(data, offset, len);
            offset += len;
        } while (offset < data.length);
        Adler32 adler = new Adler32();
        adler.update(data);
        writeInt(z, (int) adler.getValue());
        return z.toByteArray();
    }

    private static byte[] zlibDeflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                z.write(buffer, 0, deflater.deflate(buffer));
            }
            return z.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, data.length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
