package io.difflens.datasets.formats;

import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.Csv;
import io.difflens.datasets.formats.internal.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MMVP (Tong et al. 2024) as distributed: {@code MMVP Images/1.jpg ... N.jpg} and {@code Questions.csv} with
 * columns {@code Index, Question, Options, Correct Answer}, options written {@code "(a) Open (b) Closed"} and the
 * answer as its letter {@code "(a)"}. Rows 2k-1 and 2k (1-based) are a pair. The synthetic export adds a
 * {@code Category} column (the real file has none; readers that select columns by name ignore it) and writes
 * {@code N.png}; the reader accepts either extension.
 */
public final class MmvpFormat {

    /** The image folder. */
    public static final String IMAGES = "MMVP Images";
    /** The question file. */
    public static final String QUESTIONS = "Questions.csv";
    /** Category of items read from a file without a {@code Category} column. */
    public static final String DEFAULT_CATEGORY = "mmvp";

    private static final Pattern OPTION = Pattern.compile("\\(([a-zA-Z])\\)\\s*");
    private static final List<String> HEADER = List.of("Index", "Question", "Options", "Correct Answer", "Category");

    private MmvpFormat() {
    }

    /**
     * Writes multiple-choice items, consecutive items forming pairs (items 2k and 2k+1 share a group id).
     */
    public static void write(Path dir, List<QuestionItem> items) {
        if (items.size() % 2 != 0) {
            throw new IllegalArgumentException("MMVP needs pairs, got an odd number of items: " + items.size());
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            QuestionItem item = items.get(i);
            if (!item.multipleChoice()) {
                throw new IllegalArgumentException("MMVP items are multiple choice; " + item.id() + " has no options");
            }
            if (i % 2 == 1 && !item.groupId().equals(items.get(i - 1).groupId())) {
                throw new IllegalArgumentException("items " + items.get(i - 1).id() + " and " + item.id()
                        + " are in rows of one pair but in groups " + items.get(i - 1).groupId() + " and "
                        + item.groupId());
            }
            String index = Integer.toString(i + 1);
            ImageFiles.write(dir.resolve(IMAGES), index, item.image());
            rows.add(List.of(index, item.question(), item.letteredOptions(), item.answerLetter(), item.category()));
        }
        Csv.write(dir.resolve(QUESTIONS), HEADER, rows);
    }

    /** Reads the benchmark from its folder (the one holding {@value #QUESTIONS} and {@value #IMAGES}). */
    public static Suite<QuestionItem> read(Path dir) {
        Path csv = dir.resolve(QUESTIONS);
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no " + QUESTIONS + " in " + dir);
        }
        List<QuestionItem> items = new ArrayList<>();
        for (Map<String, String> row : Csv.read(csv)) {
            int index = Integer.parseInt(Csv.cell(row, "Index", csv));
            List<String> options = parseOptions(Csv.cell(row, "Options", csv));
            String answer = options.get(letterIndex(Csv.cell(row, "Correct Answer", csv), options, csv, index));
            String category = row.getOrDefault("Category", "").isBlank() ? DEFAULT_CATEGORY : row.get("Category").strip();
            ImageSource image = ImageFiles.find(dir.resolve(IMAGES), index + ".jpg");
            items.add(QuestionItem.of("mmvp-" + index, image, Csv.cell(row, "Question", csv), options, answer,
                    category, "mmvp-pair-" + ((index - 1) / 2 + 1)));
        }
        return new Suite<>("mmvp", 0, items);
    }

    /** Splits {@code "(a) Open (b) Closed"} into {@code [Open, Closed]}. */
    public static List<String> parseOptions(String text) {
        Matcher m = OPTION.matcher(text);
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        char expected = 'a';
        while (m.find()) {
            if (Character.toLowerCase(m.group(1).charAt(0)) == expected) {
                starts.add(m.start());
                ends.add(m.end());
                expected++;
            }
        }
        if (starts.size() < 2) {
            throw new IllegalArgumentException("options '" + text + "' are not lettered (a) ... (b) ...");
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
            options.add(text.substring(ends.get(i), end).strip());
        }
        return options;
    }

    /** The option index of an answer written {@code "(a)"}, {@code "a"}, {@code "(A)"} or as the option text. */
    static int letterIndex(String answer, List<String> options, Path file, int index) {
        String a = answer.strip();
        String letter = a.replace("(", "").replace(")", "").strip().toLowerCase(Locale.ROOT);
        if (letter.length() == 1 && letter.charAt(0) >= 'a' && letter.charAt(0) - 'a' < options.size()) {
            return letter.charAt(0) - 'a';
        }
        int i = options.indexOf(a);
        if (i < 0) {
            throw new IllegalArgumentException(file + " row " + index + ": answer '" + answer
                    + "' is neither a letter nor one of " + options);
        }
        return i;
    }
}
