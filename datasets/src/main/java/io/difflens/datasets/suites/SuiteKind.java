package io.difflens.datasets.suites;

import io.difflens.datasets.Suite;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The synthetic benchmark suites, by name. */
public enum SuiteKind {
    /** Open short-answer questions per category ({@code n} = items). */
    SYNTH_VQA(SynthVqa.NAME),
    /** MMVP-style pairs ({@code n} = pairs, 2n items). */
    SYNTH_MMVP(SynthMmvp.NAME),
    /** Winoground-style groups of two images and two captions ({@code n} = groups). */
    SYNTH_WINOGROUND(SynthWinoground.NAME),
    /** Images with five reference captions ({@code n} = images). */
    SYNTH_CAPTIONS(SynthCaptions.NAME);

    private final String suiteName;

    SuiteKind(String suiteName) {
        this.suiteName = suiteName;
    }

    /** E.g. {@code synth-vqa}. */
    public String suiteName() {
        return suiteName;
    }

    /** Parses {@link #suiteName()}. */
    public static SuiteKind fromName(String name) {
        for (SuiteKind k : values()) {
            if (k.suiteName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown suite '" + name + "', expected one of "
                + Arrays.stream(values()).map(SuiteKind::suiteName).collect(Collectors.joining(", ")));
    }

    /** Generates the suite: items are {@code QuestionItem}, {@code MatchingItem} or {@code CaptionItem}. */
    public Suite<?> generate(long seed, int n, SuiteOptions options) {
        return switch (this) {
            case SYNTH_VQA -> new SynthVqa(options).generate(seed, n);
            case SYNTH_MMVP -> new SynthMmvp(options).generate(seed, n);
            case SYNTH_WINOGROUND -> new SynthWinoground(options).generate(seed, n);
            case SYNTH_CAPTIONS -> new SynthCaptions(options).generate(seed, n);
        };
    }
}
