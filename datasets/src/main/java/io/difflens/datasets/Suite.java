package io.difflens.datasets;

import java.util.List;

/**
 * A benchmark: a name, the seed it was generated from (0 for real benchmarks read from disk) and its items.
 *
 * @param name e.g. {@code synth-vqa}
 * @param seed generation seed
 * @param items the items in order
 * @param <T> {@link QuestionItem}, {@link CaptionItem} or {@link MatchingItem}
 */
public record Suite<T>(String name, long seed, List<T> items) {

    public Suite {
        QuestionItem.requireText(name, "name");
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }
}
