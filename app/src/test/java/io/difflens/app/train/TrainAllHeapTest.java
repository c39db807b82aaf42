package io.difflens.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.trainer.ZooSizes;
import io.difflens.trainer.recipes.LanguageRecipes;
import org.junit.jupiter.api.Test;

/** The heap {@code train all} asks for follows SFT's feature pool, which grows with the grid's area. */
class TrainAllHeapTest {

  private static final long PIXEL_BYTES = 16_000L * 3 * 32 * 32 * 4;

  @Test
  void theTinyBundlesPoolIsAboutFiveGigabytesOnItsSixteenBySixteenGrid() {
    assertThat(ZooSizes.TINY.featureSide()).isEqualTo(16);
    // 16 000 scenes x (3 passes x 256 tokens x 96 channels + 3 x 32 x 32 pixels) floats
    assertThat(LanguageRecipes.sftBankBytes(ZooSizes.TINY)).isEqualTo(16_000L * (3 * 256 * 96 + 3 * 32 * 32) * 4);
    // the pool, half as much again, and 1 GB: about 8 GB (its SFT trained in -Xmx9g, with 4.8 to 7.1 GB in use)
    assertThat(TrainAll.recommendedHeapMb(ZooSizes.TINY)).isBetween(7900L, 8200L);
  }

  @Test
  void theCoarserGridNeedsAQuarterOfTheUnetTokens() {
    ZooSizes coarse = ZooSizes.TINY.withFeatureGrid(8, 2);
    assertThat(LanguageRecipes.sftBankBytes(ZooSizes.TINY) - PIXEL_BYTES)
        .isEqualTo(4 * (LanguageRecipes.sftBankBytes(coarse) - PIXEL_BYTES));
    // about 3 GB: the 8 x 8 grid's bundle of 2026-11-27 was trained with -Xmx4g
    assertThat(TrainAll.recommendedHeapMb(coarse)).isBetween(2900L, 3100L);
  }

  @Test
  void microRunsHoldTheirFewScenesOnly() {
    assertThat(LanguageRecipes.sftBankBytes(ZooSizes.MICRO)).isLessThan(1L << 20);
    assertThat(TrainAll.recommendedHeapMb(ZooSizes.MICRO)).isEqualTo(1024L);
  }
}
