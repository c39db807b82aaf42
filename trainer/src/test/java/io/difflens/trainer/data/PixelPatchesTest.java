package io.difflens.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PixelPatchesTest {
  /** A 4x4 image whose value encodes (channel, row, column) as c*100 + y*10 + x. */
  private static float[] labelled() {
    float[] chw = new float[3 * 4 * 4];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          chw[(c * 4 + y) * 4 + x] = c * 100 + y * 10 + x;
        }
      }
    }
    return chw;
  }

  @Test
  void tokensAreRowMajorPatchesFlattenedByChannelRowColumn() {
    float[] t = PixelPatches.tokens(labelled(), 4, 2);
    assertThat(PixelPatches.channels(4, 2)).isEqualTo(12);
    assertThat(t).hasSize(4 * 12);
    // token 0: the top-left 2x2 patch, red then green then blue
    assertThat(java.util.Arrays.copyOfRange(t, 0, 12))
        .containsExactly(0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211);
    // token 1: top-right; token 2: bottom-left
    assertThat(java.util.Arrays.copyOfRange(t, 12, 16)).containsExactly(2, 3, 12, 13);
    assertThat(java.util.Arrays.copyOfRange(t, 24, 28)).containsExactly(20, 21, 30, 31);
    // token 3's blue patch ends with the last pixel
    assertThat(t[47]).isEqualTo(233);
  }

  @Test
  void refusesAGridThatDoesNotDivideTheImage() {
    assertThatThrownBy(() -> PixelPatches.tokens(labelled(), 4, 3)).hasMessageContaining("does not split");
    assertThatThrownBy(() -> PixelPatches.tokens(new float[5], 4, 2)).hasMessageContaining("expected 3 x 4 x 4");
  }
}
