package io.difflens.evaluator.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written scanner that reproduces what Stanford CoreNLP 3.4.1's {@code PTBTokenizer} prints for
 * one line with {@code -preserveLines -lowerCase} (its default PTB3 normalisations: brackets to
 * {@code -LRB-}-style names, LaTeX-style quotes, ellipses to {@code ...}, long dashes to {@code --},
 * currency and fraction normalisation, clitic and "gonna"-style splitting).
 *
 * <p>Why our own code: no build of CoreNLP is a dependency of this project (it is a large GPL
 * artefact, and pycocoevalcap calls it as a subprocess), so the rules that matter for caption
 * evaluation were re-derived from the tokenizer's documented and observed behaviour. The scanner works
 * left to right; at each position the first rule that matches wins.
 */
public final class PtbLexer {

    private static final String ALNUM = "[\\p{L}\\p{M}\\p{Nd}]";

    /** A word: alphanumerics joined by in-word punctuation (hyphen, slash, ampersand, apostrophe...). */
    private static final Pattern WORD = Pattern.compile(
            "(?:[#@](?=\\p{L}))?" + ALNUM + "+"
                    + "(?:(?:[-/&._!?]|(?<=\\p{L})['\u2019]|(?<=\\p{Nd})['\u2019](?=[sS](?![-\\p{L}\\p{Nd}]))|(?<=\\p{Nd}):(?=\\p{Nd})|(?<=\\p{Nd}),(?=\\p{Nd}{3}))" + ALNUM + "+)*");
    private static final Pattern URL = Pattern.compile(
            "(?:(?:https?|ftp)://|www\\.)[^\\s\"<>()\\[\\]{}]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{Nd}._%+-]+@[\\p{L}\\p{Nd}-]+(?:\\.[\\p{L}\\p{Nd}-]+)+");
    private static final Pattern SGML = Pattern.compile("</?[A-Za-z!?][^<>\\s]*>");
    private static final Pattern EMOTICON = Pattern.compile("[:;=][-o']?[()\\[\\]DPp](?![\\p{L}\\p{Nd}])");
    private static final Pattern SIGNED_NUMBER = Pattern.compile("[-+]?\\.?\\p{Nd}+(?:[.,]\\p{Nd}+)*");
    private static final Pattern CURRENCY_PREFIX = Pattern.compile("[A-Z]{1,3}\\$(?=\\p{Nd})");
    /** Apostrophe-initial words the tokenizer keeps whole (or splits specially: 'tis, 'twas). */
    private static final Pattern APOSTROPHE_WORD = Pattern.compile(
            "['\u2019](?:n['\u2019]?|s|m|d|ll|re|ve|em|cause|til|tis|twas|\\p{Nd}0s)(?![\\p{L}\\p{Nd}])", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLITIC = Pattern.compile(
            "(.*\\p{L}.*?|.*\\p{Nd})(['\u2019](?:s|m|d|ll|re|ve))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEGATION = Pattern.compile("(.*\\p{L})(n['\u2019]t)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACRONYM = Pattern.compile("\\p{L}(?:\\.\\p{L})+");
    private static final Pattern NUMBER_AHEAD = Pattern.compile("\\s+\\p{Nd}");
    private static final Pattern CAPITAL_OR_END_AHEAD = Pattern.compile("\\s*$|\\s+\\p{Lu}");
    /**
     * After an acronym or a single letter with a period, one of these capitalised words (followed by a
     * space) means a new sentence starts; the list was established by probing the 3.4.1 tokenizer with
     * common sentence-initial words.
     */
    private static final Pattern SENTENCE_START_AHEAD = Pattern.compile("\\s+(?:The|A|An|This|That|These|It|He|She|We"
            + "|They|Then|There|In|At|But|If|So|You|Their|Some|When|What|However|Here|Her|As|After|While|Our|Yet"
            + "|Now|Since|Many|One|Other|Such|Last|About|More|Earlier|Once)\\s");
    private static final Pattern TIME_THEN_UNIT = Pattern.compile("(\\p{Nd}+:\\p{Nd}+)(\\p{L}+)");

    /** Abbreviations whose period stays attached and that never end a sentence. */
    private static final Set<String> TITLE_ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "st", "mt", "vs", "fig", "ave", "gen", "sen", "rep", "gov",
            "lt", "col", "capt", "sgt", "rev", "hon", "messrs", "jan", "feb", "mar", "apr", "jun", "jul",
            "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e");
    /** Abbreviations whose period stays attached and that may end a sentence (then a "." follows). */
    private static final Set<String> FINAL_ABBREVIATIONS = Set.of(
            "etc", "inc", "jr", "sr", "co", "corp", "ltd", "bros", "blvd", "esq", "llc", "plc");

    /** Words the tokenizer splits in two, case kept (the PTB "assimilations"). */
    private static final Map<String, Integer> ASSIMILATIONS = Map.of(
            "cannot", 3, "gonna", 3, "gotta", 3, "wanna", 3, "lemme", 3, "gimme", 3, "gotcha", 3, "y'all", 2,
            "y\u2019all", 2);

    private static final Map<Character, String> SYMBOLS = Map.ofEntries(
            Map.entry('(', "-LRB-"), Map.entry(')', "-RRB-"), Map.entry('[', "-LSB-"), Map.entry(']', "-RSB-"),
            Map.entry('{', "-LCB-"), Map.entry('}', "-RCB-"), Map.entry('\u201C', "``"), Map.entry('\u201D', "''"),
            Map.entry('\u2018', "`"), Map.entry('\u2019', "'"), Map.entry('\u2014', "--"), Map.entry('\u2013', "--"),
            Map.entry('\u2015', "--"), Map.entry('\u2026', "..."), Map.entry('\u00A3', "#"),
            Map.entry('\u20AC', "$"), Map.entry('\u00A2', "cents"), Map.entry('\u00BD', "1/2"),
            Map.entry('\u00BC', "1/4"), Map.entry('\u00BE', "3/4"), Map.entry('\u2153', "1/3"),
            Map.entry('\u2154', "2/3"), Map.entry('\u00AB', "``"), Map.entry('\u00BB', "''"));

    private PtbLexer() {
    }

    /** Tokenises one line, as the last line of the input; tokens are lower-cased as {@code -lowerCase} does. */
    public static List<String> tokenize(String line) {
        return tokenizeLines(line.replace('\n', ' ')).get(0);
    }

    /**
     * Tokenises a text of several lines, one token list per line ({@code -preserveLines}). The lines
     * are scanned as one text because some rules look past the end of a line: whether "B." or "U.S."
     * ends a sentence depends on the first word of the next line.
     */
    public static List<List<String>> tokenizeLines(String text) {
        List<List<String>> lines = new ArrayList<>();
        new Scan(text, lines).run();
        for (List<String> line : lines) {
            line.replaceAll(t -> t.toLowerCase(Locale.ROOT));
        }
        return lines;
    }

    private static final class Scan {
        private final String s;
        private final List<List<String>> lines;
        private final Matcher m;
        private List<String> out = new ArrayList<>();
        private int i;

        Scan(String s, List<List<String>> lines) {
            this.s = s;
            this.lines = lines;
            this.m = WORD.matcher(s);
            lines.add(out);
        }

        void run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    out = new ArrayList<>();
                    lines.add(out);
                    i++;
                } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    i++;
                } else if (!tryUrlOrEmail() && !trySgml() && !tryEmoticon() && !tryApostropheWord()
                        && !tryCurrencyPrefix() && !tryNumber() && !tryWord()) {
                    punctuation(c);
                }
            }
        }

        private boolean at(Pattern p) {
            m.usePattern(p);
            m.region(i, s.length());
            return m.lookingAt();
        }

        private boolean atWordStart() {
            return i == 0 || Character.isWhitespace(s.charAt(i - 1)) || "([{\"'`".indexOf(s.charAt(i - 1)) >= 0;
        }

        private boolean tryUrlOrEmail() {
            // cheap guards first: the regexes are only worth running where an address can start
            if (urlStart() && at(URL)) {
                int end = m.end();
                // Trailing sentence punctuation is not part of the address.
                while (end > i && ".,;:!?'\"".indexOf(s.charAt(end - 1)) >= 0) {
                    end--;
                }
                emit(s.substring(i, end), end);
                return true;
            }
            if (Character.isLetterOrDigit(s.charAt(i)) && atSignAhead() && at(EMAIL)) {
                emit(m.group(), m.end());
                return true;
            }
            return false;
        }

        private boolean urlStart() {
            return s.regionMatches(true, i, "http", 0, 4) || s.regionMatches(true, i, "ftp:", 0, 4)
                    || s.regionMatches(true, i, "www.", 0, 4);
        }

        private boolean atSignAhead() {
            for (int j = i; j < s.length() && !Character.isWhitespace(s.charAt(j)); j++) {
                if (s.charAt(j) == '@') {
                    return true;
                }
            }
            return false;
        }

        private boolean trySgml() {
            if (s.charAt(i) == '<' && at(SGML)) {
                emit(m.group(), m.end());
                return true;
            }
            return false;
        }

        private boolean tryEmoticon() {
            if (":;=".indexOf(s.charAt(i)) >= 0 && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))
                    && at(EMOTICON)) {
                StringBuilder b = new StringBuilder();
                for (char c : m.group().toCharArray()) {
                    b.append(SYMBOLS.getOrDefault(c, String.valueOf(c)));
                }
                emit(b.toString(), m.end());
                return true;
            }
            return false;
        }

        private boolean tryApostropheWord() {
            char c = s.charAt(i);
            boolean afterDigit = i > 0 && Character.isDigit(s.charAt(i - 1));
            if ((c == '\'' || c == '\u2019') && (atWordStart() || afterDigit) && at(APOSTROPHE_WORD)) {
                String w = m.group();
                int end = m.end();
                String rest = w.substring(1).toLowerCase(Locale.ROOT);
                if (rest.equals("tis") || rest.equals("twas")) {
                    out.add("'" + w.charAt(1));
                    out.add(w.substring(2));
                    i = end;
                } else {
                    emit(w, end);
                }
                return true;
            }
            return false;
        }

        private boolean tryCurrencyPrefix() {
            if (Character.isUpperCase(s.charAt(i)) && at(CURRENCY_PREFIX)) {
                emit(m.group(), m.end());
                return true;
            }
            return false;
        }

        private boolean tryNumber() {
            char c = s.charAt(i);
            boolean signOrDot = c == '-' || c == '+' || c == '.';
            if (signOrDot && atWordStart() && at(SIGNED_NUMBER) && m.end() > i + 1
                    && Character.isDigit(s.charAt(m.end() - 1))) {
                int end = m.end();
                if (end < s.length() && Character.isLetter(s.charAt(end))) {
                    return false;
                }
                emit(m.group(), end);
                return true;
            }
            return false;
        }

        private boolean tryWord() {
            if (!at(WORD)) {
                return false;
            }
            String w = m.group();
            int end = m.end();
            if (end < s.length() && s.charAt(end) == '\'' && w.equalsIgnoreCase("ol")) {
                emit(w + "'", end + 1);
                return true;
            }
            if (end < s.length() && s.charAt(end) == '.' && !(end + 1 < s.length() && s.charAt(end + 1) == '.')) {
                String key = w.toLowerCase(Locale.ROOT);
                boolean initial = w.length() == 1 && Character.isLetter(w.charAt(0));
                boolean acronym = ACRONYM.matcher(w).matches();
                boolean finalAbbreviation = FINAL_ABBREVIATIONS.contains(key);
                // "No." is an abbreviation only in front of a number ("No. 5"), else a word and a period.
                boolean number = key.equals("no") && NUMBER_AHEAD.matcher(s).region(end + 1, s.length()).lookingAt();
                boolean sentenceStartAhead = SENTENCE_START_AHEAD.matcher(s).region(end + 1, s.length()).lookingAt();
                if (initial && sentenceStartAhead) {
                    // "Plan B. Then ...": the letter is a word ending a sentence, not an initial
                    splitWord(w);
                    emit(".", end + 1);
                    return true;
                }
                if (initial || acronym || finalAbbreviation || number || TITLE_ABBREVIATIONS.contains(key)) {
                    splitWord(w + ".");
                    i = end + 1;
                    boolean capitalOrEndAhead = CAPITAL_OR_END_AHEAD.matcher(s).region(i, s.length()).lookingAt();
                    // A sentence-ending abbreviation keeps its period and the sentence gets its own.
                    if (acronym && sentenceStartAhead || finalAbbreviation && capitalOrEndAhead) {
                        out.add(".");
                    }
                    return true;
                }
            }
            splitWord(w);
            i = end;
            return true;
        }

        private void splitWord(String w) {
            Integer cut = ASSIMILATIONS.get(w.toLowerCase(Locale.ROOT));
            if (cut != null) {
                out.add(w.substring(0, cut));
                out.add(w.substring(cut));
                return;
            }
            if (w.indexOf('\'') < 0 && w.indexOf('\u2019') < 0 && w.indexOf(':') < 0) {
                out.add(w);
                return;
            }
            Matcher t = TIME_THEN_UNIT.matcher(w);
            if (t.matches()) {
                out.add(t.group(1));
                out.add(t.group(2));
                return;
            }
            List<String> tail = new ArrayList<>();
            String rest = w;
            while (true) {
                Matcher neg = NEGATION.matcher(rest);
                Matcher cl = CLITIC.matcher(rest);
                if (neg.matches()) {
                    tail.add(0, neg.group(2).replace('\u2019', '\''));
                    rest = neg.group(1);
                } else if (cl.matches()) {
                    tail.add(0, cl.group(2).replace('\u2019', '\''));
                    rest = cl.group(1);
                } else {
                    break;
                }
            }
            out.add(rest);
            out.addAll(tail);
        }

        private void punctuation(char c) {
            int j = i;
            switch (c) {
                case '.' -> {
                    while (j < s.length() && s.charAt(j) == '.') {
                        j++;
                    }
                    if (j - i == 1 && spacedEllipsis()) {
                        return;
                    }
                    emit(j - i >= 3 ? "..." : s.substring(i, j), j);
                }
                case '-' -> {
                    while (j < s.length() && s.charAt(j) == '-') {
                        j++;
                    }
                    emit(j - i >= 2 ? "--" : "-", j);
                }
                case '!', '?' -> {
                    while (j < s.length() && (s.charAt(j) == '!' || s.charAt(j) == '?')) {
                        j++;
                    }
                    emit(s.substring(i, j), j);
                }
                case '"' -> emit(opensQuote() ? "``" : "''", i + 1);
                case '\'' -> {
                    if (s.startsWith("''", i)) {
                        emit("''", i + 2);
                    } else {
                        emit(opensQuote() && atWordStart() ? "`" : "'", i + 1);
                    }
                }
                case '`' -> emit(s.startsWith("``", i) ? "``" : "`", s.startsWith("``", i) ? i + 2 : i + 1);
                default -> {
                    int cp = s.codePointAt(i);
                    String mapped = SYMBOLS.get(c);
                    emit(mapped != null ? mapped : new String(Character.toChars(cp)), i + Character.charCount(cp));
                }
            }
        }

        /** ". . ." with single spaces is one ellipsis token. */
        private boolean spacedEllipsis() {
            if (s.startsWith(". . .", i)) {
                int j = i + 5;
                while (s.startsWith(" .", j)) {
                    j += 2;
                }
                emit("...", j);
                return true;
            }
            return false;
        }

        private boolean opensQuote() {
            int n = i + 1;
            return n < s.length() && (Character.isLetterOrDigit(s.charAt(n)) || "([{`$#".indexOf(s.charAt(n)) >= 0);
        }

        private void emit(String token, int end) {
            out.add(token);
            i = end;
        }
    }
}
