package io.difflens.trainer.online.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The paper's two text tricks for training with captions as the UNet's condition: caption dropout (the
 * whole text replaced by the empty prompt with probability {@code dropout}, so the adapter also learns the
 * unconditional case and a caption cannot simply leak through) and noisy captions (a fraction
 * {@code wordDeletion} of the words deleted, at least one word kept).
 *
 * @param dropout      probability of dropping the text, in [0, 1]
 * @param wordDeletion fraction of words deleted from a kept text, in [0, 1)
 */
public record CaptionAugmenter(double dropout, double wordDeletion) {

    /** Neither trick. */
    public static final CaptionAugmenter NONE = new CaptionAugmenter(0, 0);

    public CaptionAugmenter {
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("caption dropout must be in [0, 1], got " + dropout);
        }
        if (!(wordDeletion >= 0 && wordDeletion < 1)) {
            throw new IllegalArgumentException("word deletion must be in [0, 1), got " + wordDeletion);
        }
    }

    /** The text to train on this time. */
    public String apply(String text, RandomGenerator random) {
        if (dropout > 0 && random.nextDouble() < dropout) {
            return "";
        }
        if (wordDeletion == 0 || text.isBlank()) {
            return text;
        }
        List<String> words = new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
        int delete = Math.min(words.size() - 1, (int) Math.round(words.size() * wordDeletion));
        for (int i = 0; i < delete; i++) {
            words.remove(random.nextInt(words.size()));
        }
        return String.join(" ", words);
    }
}
