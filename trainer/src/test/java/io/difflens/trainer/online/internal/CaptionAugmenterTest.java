package io.difflens.trainer.online.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class CaptionAugmenterTest {

    private static final String CAPTION = "one two three four five six seven eight nine ten";

    @Test
    void noAugmentationKeepsTheText() {
        assertThat(CaptionAugmenter.NONE.apply(CAPTION, new SplittableRandom(1))).isEqualTo(CAPTION);
    }

    @Test
    void fullDropoutGivesTheEmptyPrompt() {
        assertThat(new CaptionAugmenter(1, 0).apply(CAPTION, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void dropoutDropsAboutItsShare() {
        CaptionAugmenter a = new CaptionAugmenter(0.3, 0);
        SplittableRandom r = new SplittableRandom(7);
        int dropped = 0;
        for (int i = 0; i < 2000; i++) {
            dropped += a.apply(CAPTION, r).isEmpty() ? 1 : 0;
        }
        assertThat(dropped).isBetween(500, 700);
    }

    @Test
    void wordDeletionRemovesThirtyPercentOfTheWordsKeepingOrder() {
        String noisy = new CaptionAugmenter(0, 0.3).apply(CAPTION, new SplittableRandom(3));
        List<String> words = Arrays.asList(noisy.split(" "));
        assertThat(words).hasSize(7);
        List<String> original = Arrays.asList(CAPTION.split(" "));
        assertThat(words.stream().map(original::indexOf).toList()).isSorted().doesNotContain(-1);
        assertThat(new CaptionAugmenter(0, 0.9).apply("single", new SplittableRandom(1))).isEqualTo("single");
    }

    @Test
    void ratesOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new CaptionAugmenter(1.5, 0)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new CaptionAugmenter(0, 1)).hasMessageContaining("word deletion");
    }
}
