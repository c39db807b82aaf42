package io.difflens.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

import io.difflens.schemas.DType;
import io.difflens.schemas.Tensor;
import org.junit.jupiter.api.Test;

class TensorsTest {

    @Test
    void halfBitsOfKnownValues() {
        // values and bit patterns from the IEEE 754 binary16 tables
        assertThat(Tensors.toHalf(1.0f)).isEqualTo((short) 0x3C00);
        assertThat(Tensors.toHalf(-2.0f)).isEqualTo((short) 0xC000);
        assertThat(Tensors.toHalf(65504f)).isEqualTo((short) 0x7BFF);
        assertThat(Tensors.toHalf(65520f)).isEqualTo((short) 0x7C00); // rounds up to infinity
        assertThat(Tensors.toHalf(0x1p-24f)).isEqualTo((short) 0x0001); // smallest subnormal
        assertThat(Tensors.toHalf(0x1p-14f)).isEqualTo((short) 0x0400); // smallest normal
        assertThat(Tensors.toHalf(Float.NaN) & 0x7C00).isEqualTo(0x7C00);
        assertThat(Tensors.toHalf(-0.0f)).isEqualTo((short) 0x8000);
    }

    @Test
    void roundsToNearestEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1)
        assertThat(Tensors.roundToHalf(1f + 0x1p-11f)).isEqualTo(1f);
        // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: ties go to 1 + 2^-9
        assertThat(Tensors.roundToHalf(1f + 3 * 0x1p-11f)).isEqualTo(1f + 0x1p-9f);
    }

    @Test
    void everyHalfSurvivesTheRoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Tensors.toFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertThat(Tensors.toHalf(f)).as("bits %04x", bits).isEqualTo((short) bits);
            }
        }
    }

    @Test
    void encodesLittleEndianAndDecodesBack() {
        float[] values = new float[12];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (r.nextDouble() * 8 - 4);
        }
        Tensor f32 = Tensors.encode(values, List.of(3, 4), DType.F32);
        assertThat(f32.getData().remaining()).isEqualTo(48);
        assertThat(Tensors.decode(f32)).containsExactly(values);
        Tensor f16 = Tensors.encode(new float[] {1f, -2f}, List.of(2), DType.F16);
        ByteBuffer data = f16.getData();
        assertThat(new byte[] {data.get(0), data.get(1), data.get(2), data.get(3)})
                .containsExactly(0x00, 0x3C, 0x00, 0xC0);
        assertThat(Tensors.decode(f16)).containsExactly(1f, -2f);
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        assertThatThrownBy(() -> Tensors.encode(new float[5], List.of(2, 3), DType.F16))
                .hasMessageContaining("[2, 3] holds 6 values, got 5");
        Tensor t = Tensor.newBuilder().setDtype(DType.F16).setShape(List.of(4)).setData(ByteBuffer.allocate(6)).build();
        assertThatThrownBy(() -> Tensors.decode(t)).hasMessageContaining("needs 8 bytes, got 6");
    }
}
