package io.difflens.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.trainer.ZooSizes;
import io.difflens.trainer.recipes.LanguageRecipes;
import org.junit.jupiter.api.Test;

/** The heap {@code train all} asks for follows SFT's feature pool, which grows with the grid's area. */
class TrainAllHeapTest {

  @Test
  void theTinyBundlesPoolIsAboutOneAndAHalfGigabytesOnTheDefaultGrid() {
    // 16 000 scenes x (3 passes x 64 tokens x 96 channels + 3 x 32 x 32 pixels) floats
    assertThat(LanguageRecipes.sftBankBytes(ZooSizes.TINY)).isEqualTo(16_000L * (3 * 64 * 96 + 3 * 32 * 32) * 4);
    // the pool, half as much again, and 1 GB: about 3 GB (the bundle was trained with -Xmx4g)
    assertThat(TrainAll.recommendedHeapMb(ZooSizes.TINY)).isBetween(2900L, 3100L);
  }

  @Test
  void aFinerGridNeedsAHeapForFourTimesTheUnetTokens() {
    ZooSizes fine = ZooSizes.TINY.withFeatureGrid(16, 4);
    long coarseTokens = LanguageRecipes.sftBankBytes(ZooSizes.TINY) - 16_000L * 3 * 32 * 32 * 4;
    long fineTokens = LanguageRecipes.sftBankBytes(fine) - 16_000L * 3 * 32 * 32 * 4;
    assertThat(fineTokens).isEqualTo(4 * coarseTokens);
    // its SFT trained in -Xmx9g, with 4.8 to 7.1 GB of the heap in use
    assertThat(TrainAll.recommendedHeapMb(fine)).isBetween(7900L, 8200L);
  }

  @Test
  void microRunsHoldTheirFewScenesOnly() {
    assertThat(LanguageRecipes.sftBankBytes(ZooSizes.MICRO)).isLessThan(1L << 20);
    assertThat(TrainAll.recommendedHeapMb(ZooSizes.MICRO)).isEqualTo(1024L);
  }
}
