package io.difflens.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One visual question with its label: what a request and an evaluator's {@code Label} need.
 *
 * @param id unique id within the benchmark
 * @param images the image(s) asked about (one, except in multi-image benchmarks such as BLINK)
 * @param question the question text, without options
 * @param options multiple-choice options (empty for an open question)
 * @param answer the correct answer: the option text for multiple choice, else the reference short answer
 * @param category the benchmark category (for the synthetic suites a {@code QuestionKind} key)
 * @param groupId the pair or group the item belongs to (MMVP pairs); the item's own id when ungrouped
 */
public record QuestionItem(String id, List<ImageSource> images, String question, List<String> options,
        String answer, String category, String groupId) {

    private static final int MAX_OPTIONS = 26;

    public QuestionItem {
        requireText(id, "id");
        requireText(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(category, "category");
        requireText(groupId, "groupId");
        images = List.copyOf(images);
        options = List.copyOf(options);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("question " + id + " has no image");
        }
        if (options.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("question " + id + " has " + options.size() + " options, at most "
                    + MAX_OPTIONS + " can be lettered");
        }
        if (!options.isEmpty() && !options.contains(answer)) {
            throw new IllegalArgumentException("question " + id + ": answer '" + answer + "' is not among options "
                    + options);
        }
    }

    /** A single-image item. */
    public static QuestionItem of(String id, ImageSource image, String question, List<String> options,
            String answer, String category, String groupId) {
        return new QuestionItem(id, List.of(image), question, options, answer, category, groupId);
    }

    /** The (first) image. */
    public ImageSource image() {
        return images.get(0);
    }

    /** Whether the item is multiple choice. */
    public boolean multipleChoice() {
        return !options.isEmpty();
    }

    /** The index of the answer among the options, -1 if open. */
    public int answerIndex() {
        return options.indexOf(answer);
    }

    /**
     * The prompt as MMVP builds it: the question, then the options lettered {@code (a) ... (b) ...}; the bare
     * question for open items.
     */
    public String prompt() {
        if (options.isEmpty()) {
            return question;
        }
        return question + " " + letteredOptions();
    }

    /** E.g. {@code "(a) red (b) blue"}. */
    public String letteredOptions() {
        List<String> parts = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            parts.add(letter(i) + " " + options.get(i));
        }
        return String.join(" ", parts);
    }

    /** The answer's letter, e.g. {@code "(b)"}, for multiple-choice items. */
    public String answerLetter() {
        if (options.isEmpty()) {
            throw new IllegalStateException("question " + id + " is open: it has no answer letter");
        }
        return letter(answerIndex());
    }

    /** {@code "(a)"} for 0, {@code "(b)"} for 1... */
    public static String letter(int index) {
        return "(" + (char) ('a' + index) + ")";
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, got '" + value + "'");
        }
    }
}
