package io.difflens.datasets.formats;

import io.difflens.datasets.CaptionItem;
import io.difflens.datasets.MatchingItem;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.suites.SuiteKind;
import java.nio.file.Path;

/**
 * Writes a synthetic suite to disk in the public format that serves it:
 * synth-vqa as LLaVA conversation JSON, synth-mmvp as MMVP, synth-winoground as Winoground (and MMVP-VLM in
 * {@code mmvp-vlm/}), synth-captions as COCO-Karpathy.
 */
public final class SuiteExport {

    /** Sub-folder of a synth-winoground export that holds the MMVP-VLM copy. */
    public static final String MMVP_VLM_DIR = "mmvp-vlm";

    private SuiteExport() {
    }

    /** Exports a generated suite into {@code dir}. */
    @SuppressWarnings("unchecked")
    public static void write(Suite<?> suite, Path dir) {
        switch (SuiteKind.fromName(suite.name())) {
            case SYNTH_VQA -> LlavaConversationFormat.writeQuestions(dir, ((Suite<QuestionItem>) suite).items());
            case SYNTH_MMVP -> MmvpFormat.write(dir, ((Suite<QuestionItem>) suite).items());
            case SYNTH_WINOGROUND -> {
                WinogroundFormat.write(dir, ((Suite<MatchingItem>) suite).items());
                MmvpVlmFormat.write(dir.resolve(MMVP_VLM_DIR), ((Suite<MatchingItem>) suite).items());
            }
            case SYNTH_CAPTIONS -> CocoKarpathyFormat.write(dir, ((Suite<CaptionItem>) suite).items());
        }
    }
}
