package io.difflens.datasets.suites;

import java.util.Locale;

/** Item ids: {@code <suite>-<seed>-<index>}, zero-padded so that they sort in generation order. */
final class Ids {

    private Ids() {
    }

    static String of(String suite, long seed, int index) {
        return String.format(Locale.ROOT, "%s-%d-%05d", suite, seed, index);
    }
}
