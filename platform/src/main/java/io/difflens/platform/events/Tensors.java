package io.difflens.platform.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.difflens.schemas.DType;
import io.difflens.schemas.Tensor;

/**
 * Dense float tensors to and from the {@link Tensor} event type: row-major, little-endian, F16 or F32.
 *
 * <p>Half-precision conversion is written out here because {@code Float.floatToFloat16} only exists
 * from Java 20 and this build targets 17; it rounds to nearest-even and keeps infinities and NaN, as
 * IEEE 754 (and numpy's {@code astype(float16)}) does.
 */
public final class Tensors {

    private Tensors() {
    }

    /**
     * A tensor of {@code shape} holding {@code values} in {@code dtype}.
     *
     * @throws IllegalArgumentException if the shape's product is not {@code values.length}
     */
    public static Tensor encode(float[] values, List<Integer> shape, DType dtype) {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor dimensions must be positive, got shape " + shape);
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + n + " values, got " + values.length);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * bytesPer(dtype)).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.F16) {
            for (float v : values) {
                buf.putShort(toHalf(v));
            }
        } else {
            for (float v : values) {
                buf.putFloat(v);
            }
        }
        buf.flip();
        return Tensor.newBuilder().setDtype(dtype).setShape(new ArrayList<>(shape)).setData(buf).build();
    }

    /**
     * The values of {@code tensor} as floats.
     *
     * @throws IllegalArgumentException if the data length does not match shape and dtype
     */
    public static float[] decode(Tensor tensor) {
        long n = 1;
        for (int d : tensor.getShape()) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor dimensions must be positive, got shape " + tensor.getShape());
            }
            n *= d;
        }
        ByteBuffer data = tensor.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = n * bytesPer(tensor.getDtype());
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + tensor.getDtype() + " " + tensor.getShape() + " needs "
                    + expected + " bytes, got " + data.remaining());
        }
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensor.getDtype() == DType.F16 ? toFloat(data.getShort()) : data.getFloat();
        }
        return out;
    }

    /** {@code value} rounded to half precision and widened back: what a round trip through F16 gives. */
    public static float roundToHalf(float value) {
        return toFloat(toHalf(value));
    }

    static int bytesPer(DType dtype) {
        return dtype == DType.F16 ? 2 : 4;
    }

    /** IEEE 754 binary16 bits of {@code f}, round to nearest even. */
    static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // subnormal half: shift the mantissa (with its implicit bit) and round to nearest even
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is the correct rounding (up to infinity)
        }
        return (short) (sign | half);
    }

    /** The float of binary16 bits {@code h}. */
    static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
