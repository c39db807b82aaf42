package io.difflens.bench;

import io.difflens.evaluator.metrics.CaptionExample;
import io.difflens.evaluator.metrics.CaptionMetrics;
import io.difflens.evaluator.metrics.MultipleChoice;
import io.difflens.evaluator.metrics.Tokenization;
import io.difflens.evaluator.metrics.VqaAccuracy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the evaluator's metric library, in answers (or captions) scored per second: one invocation
 * scores a whole synthetic set ({@value #ANSWERS} VQA answers with ten references each, {@value #ANSWERS}
 * free-text multiple-choice answers over four options, {@value #CAPTIONS} captions with five references
 * each), and {@link OperationsPerInvocation} makes the score per item.
 *
 * <p>The sets are drawn once from a fixed seed out of small vocabularies, so answers repeat and match
 * references at realistic rates (about half the VQA answers are right, with number words, articles and
 * punctuation for the normaliser to remove).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class MetricLibraryBench {
    static final int ANSWERS = 100_000;
    static final int CAPTIONS = 10_000;

    private static final String[] VQA_ANSWERS = {"2", "two", "Two.", "yes", "no", "red", "a red car", "the dog",
        "blue", "3", "three", "left", "on the table", "white and black", "none", "10", "ten", "sitting", "baseball",
        "tennis racket", "don't know", "isn't", "kitchen", "Yes!", "cat's toy"};
    private static final String[] OPTIONS = {"red", "blue", "green", "yellow", "left", "right", "open", "closed",
        "one", "two", "three", "four", "a cat", "a dog", "the sky", "the floor"};
    private static final String[] MC_TEMPLATES = {"(%s)", "%s", "%s.", "The answer is (%s) %s.", "I think it is %s",
        "%s %s", "Answer: %s"};
    private static final String[] WORDS = {"a", "the", "man", "woman", "dog", "cat", "riding", "sitting", "on", "in",
        "of", "with", "wave", "surfboard", "table", "plate", "food", "red", "blue", "white", "street", "car", "next",
        "to", "two", "people", "standing", "grass", "field", "playing", "frisbee", "kitchen", "large", "small",
        "train", "tracks", "bus", "city", "pizza", "giraffe", "tree", "eating", "leaves", "sky", "water", "boat"};

    private List<String> vqaAnswers;
    private List<List<String>> vqaReferences;
    private List<String> mcAnswers;
    private List<List<String>> mcOptions;
    private int[] mcCorrect;
    private List<CaptionExample> captions;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        vqaAnswers = new ArrayList<>(ANSWERS);
        vqaReferences = new ArrayList<>(ANSWERS);
        mcAnswers = new ArrayList<>(ANSWERS);
        mcOptions = new ArrayList<>(ANSWERS);
        mcCorrect = new int[ANSWERS];
        for (int i = 0; i < ANSWERS; i++) {
            String truth = VQA_ANSWERS[r.nextInt(VQA_ANSWERS.length)];
            List<String> refs = new ArrayList<>(10);
            for (int j = 0; j < 10; j++) {
                refs.add(r.nextInt(10) < 7 ? truth : VQA_ANSWERS[r.nextInt(VQA_ANSWERS.length)]);
            }
            vqaReferences.add(refs);
            vqaAnswers.add(r.nextBoolean() ? truth : VQA_ANSWERS[r.nextInt(VQA_ANSWERS.length)]);

            List<String> options = new ArrayList<>(4);
            int first = r.nextInt(OPTIONS.length - 4);
            for (int j = 0; j < 4; j++) {
                options.add(OPTIONS[first + j]);
            }
            int chosen = r.nextInt(4);
            mcOptions.add(options);
            mcCorrect[i] = r.nextInt(4);
            String letter = String.valueOf((char) ('A' + chosen));
            String template = MC_TEMPLATES[r.nextInt(MC_TEMPLATES.length)];
            // most templates name the letter (and maybe the text); "I think it is ..." names only the text
            mcAnswers.add(template.startsWith("I think") ? String.format(template, options.get(chosen))
                    : String.format(template, letter, options.get(chosen)));
        }
        captions = new ArrayList<>(CAPTIONS);
        for (int i = 0; i < CAPTIONS; i++) {
            List<String> refs = new ArrayList<>(5);
            for (int j = 0; j < 5; j++) {
                refs.add(sentence(r));
            }
            captions.add(new CaptionExample(Integer.toString(i), refs, sentence(r)));
        }
    }

    private static String sentence(SplittableRandom r) {
        int n = 8 + r.nextInt(6);
        StringBuilder sb = new StringBuilder(WORDS[r.nextInt(WORDS.length)].toUpperCase(java.util.Locale.ROOT));
        for (int i = 1; i < n; i++) {
            sb.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(20) == 0) {
                sb.append(',');
            }
        }
        return sb.append('.').toString();
    }

    /** VQA soft accuracy (normalisation + the ten leave-one-out subsets) per answer. */
    @Benchmark
    @OperationsPerInvocation(ANSWERS)
    public double vqaSoftAccuracy() {
        double sum = 0;
        for (int i = 0; i < ANSWERS; i++) {
            sum += VqaAccuracy.softAccuracy(vqaAnswers.get(i), vqaReferences.get(i));
        }
        return sum;
    }

    /** Exact match after VQA normalisation per answer. */
    @Benchmark
    @OperationsPerInvocation(ANSWERS)
    public int vqaExactMatch() {
        int n = 0;
        for (int i = 0; i < ANSWERS; i++) {
            n += VqaAccuracy.exactMatch(vqaAnswers.get(i), vqaReferences.get(i)) ? 1 : 0;
        }
        return n;
    }

    /** Option extraction from free text and correctness per answer. */
    @Benchmark
    @OperationsPerInvocation(ANSWERS)
    public int multipleChoice() {
        int n = 0;
        for (int i = 0; i < ANSWERS; i++) {
            n += new MultipleChoice(mcAnswers.get(i), mcOptions.get(i), mcCorrect[i]).correct() ? 1 : 0;
        }
        return n;
    }

    /** BLEU-1..4, ROUGE-L and CIDEr-D of the whole caption set, PTB tokenisation included, per caption. */
    @Benchmark
    @OperationsPerInvocation(CAPTIONS)
    public double captionsPtb() {
        return CaptionMetrics.score(captions, Tokenization.PTB).cider();
    }

    /** The same scores on whitespace-split captions: the scorers alone, per caption. */
    @Benchmark
    @OperationsPerInvocation(CAPTIONS)
    public double captionsNoTokenization() {
        return CaptionMetrics.score(captions, Tokenization.NONE).cider();
    }
}
