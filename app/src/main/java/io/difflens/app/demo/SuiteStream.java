package io.difflens.app.demo;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.difflens.datasets.ImageFormat;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.suites.SynthVqa;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.Label;
import io.difflens.schemas.VqaRequest;

/** A synthetic benchmark as the events the pipeline and the evaluator take: one request and one label per item. */
public final class SuiteStream {

    /** The suites the demo can stream. */
    public enum SuiteName {
        SYNTH_VQA(SynthVqa.NAME);

        private final String id;

        SuiteName(String id) {
            this.id = id;
        }

        /** The suite's id, e.g. {@code synth-vqa}. */
        public String id() {
            return id;
        }

        /** Parses {@code synth-vqa}. */
        public static SuiteName parse(String s) {
            for (SuiteName n : values()) {
                if (n.id.equalsIgnoreCase(s)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown suite '" + s + "'; known: synth-vqa");
        }
    }

    private SuiteStream() {
    }

    /** The items of {@code suite} generated from {@code seed}. */
    public static Suite<QuestionItem> generate(SuiteName suite, long seed, int n) {
        return switch (suite) {
            case SYNTH_VQA -> new SynthVqa(SuiteOptions.DEFAULT).generate(seed, n);
        };
    }

    /** The request of {@code item}, created at {@code now}. */
    public static VqaRequest request(QuestionItem item, Instant now) {
        byte[] image = item.image().bytes();
        return VqaRequest.newBuilder()
                .setId(item.id())
                .setImage(InlineImage.newBuilder().setData(ByteBuffer.wrap(image))
                        .setMediaType(ImageFormat.sniff(image).mediaType()).build())
                .setPrompt(item.prompt())
                .setTraceContext(Map.of())
                .setCreatedAt(now)
                .build();
    }

    /** The label of {@code item} in {@code suite}. */
    public static Label label(String suite, QuestionItem item) {
        return Label.newBuilder()
                .setRequestId(item.id())
                .setBenchmark(suite)
                .setCategory(item.category())
                .setReferenceAnswers(List.of(item.answer()))
                .setChoices(item.options())
                .setCorrectChoice(item.multipleChoice() ? item.answerIndex() : null)
                .setGroupId(item.groupId())
                .build();
    }
}
