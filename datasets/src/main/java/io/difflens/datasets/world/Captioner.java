package io.difflens.datasets.world;

import static io.difflens.datasets.world.SceneGenerator.pick;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Writes captions of scenes in varied templated wording. Deterministic for a given random sequence. */
public final class Captioner {

    private static final String[] NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine"};

    private final QuestionGenerator questions = new QuestionGenerator();

    /** A caption of the given style. */
    public Caption caption(Scene scene, CaptionStyle style, RandomGenerator rng) {
        String text = switch (style) {
            case FULL -> full(scene, rng);
            case COUNTS -> counts(scene, rng);
            case PARTIAL -> partial(scene, rng);
            case RELATION -> relation(scene, rng);
            case QUESTION -> question(scene, rng);
        };
        return new Caption(style, text);
    }

    /** A caption of a uniformly random style. */
    public Caption anyCaption(Scene scene, RandomGenerator rng) {
        return caption(scene, pick(List.of(CaptionStyle.values()), rng), rng);
    }

    /**
     * {@code n} distinct complete captions (every object mentioned), as reference captions: full captions in
     * several templates and object orders, and one that counts. Fewer only if the scene allows fewer wordings.
     */
    public List<String> references(Scene scene, int n, RandomGenerator rng) {
        List<String> out = new ArrayList<>();
        String counted = counts(scene, rng);
        out.add(counted);
        for (int attempt = 0; out.size() < n && attempt < 50 * n; attempt++) {
            String c = full(scene, rng);
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return List.copyOf(SceneGenerator.shuffled(out, rng));
    }

    /** Number word for 0..9, digits beyond. */
    public static String numberWord(int n) {
        return n >= 0 && n < NUMBER_WORDS.length ? NUMBER_WORDS[n] : Integer.toString(n);
    }

    private static String full(Scene scene, RandomGenerator rng) {
        List<SceneObject> order = rng.nextBoolean() ? scene.objects() : SceneGenerator.shuffled(scene.objects(), rng);
        boolean positionFirst = rng.nextDouble() < 0.25;
        List<String> parts = new ArrayList<>();
        for (SceneObject o : order) {
            String np = withArticle(o.phrase());
            parts.add(positionFirst ? o.cell().locative() + ", " + np : np + " " + o.cell().locative());
        }
        String list = positionFirst ? String.join("; ", parts) : joinAnd(parts);
        int n = scene.objects().size();
        // Position-first lists ("in the top left, a red circle; ...") only read well on their own or after a count.
        String text = switch (positionFirst ? rng.nextInt(2) : rng.nextInt(4)) {
            case 0 -> list;
            case 1 -> (n == 1 ? "One object: " : numberWord(n) + " objects: ") + list;
            case 2 -> "There is " + list;
            default -> "An image of " + list;
        };
        return capitalize(text) + ".";
    }

    private static String counts(Scene scene, RandomGenerator rng) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        Map<String, String> plurals = new LinkedHashMap<>();
        for (SceneObject o : scene.objects()) {
            String key = o.colour().word() + " " + o.shape().noun();
            groups.merge(key, 1, Integer::sum);
            plurals.put(key, o.colour().word() + " " + o.shape().plural());
        }
        List<String> parts = new ArrayList<>();
        // LinkedHashMap: groups in the order of first appearance, identical on every JVM.
        groups.forEach((key, count) -> parts.add(count == 1 ? withArticle(key)
                : numberWord(count) + " " + plurals.get(key)));
        List<String> ordered = rng.nextBoolean() ? parts : SceneGenerator.shuffled(parts, rng);
        return capitalize(joinAnd(ordered)) + ".";
    }

    private static String partial(Scene scene, RandomGenerator rng) {
        List<SceneObject> some = SceneGenerator.shuffled(scene.objects(), rng)
                .subList(0, Math.min(scene.objects().size(), 1 + rng.nextInt(2)));
        List<String> parts = new ArrayList<>();
        for (SceneObject o : some) {
            String np = switch (rng.nextInt(3)) {
                case 0 -> withArticle(o.colour().word() + " " + o.shape().noun());
                case 1 -> withArticle(o.phrase());
                default -> withArticle(o.colour().word() + " " + o.shape().noun()) + " " + o.cell().locative();
            };
            parts.add(np);
        }
        return joinAnd(parts);
    }

    private static String relation(Scene scene, RandomGenerator rng) {
        List<SceneObject> objects = SceneGenerator.shuffled(scene.objects(), rng);
        for (SceneObject a : objects) {
            for (SceneObject b : objects) {
                List<Relation> holding = new ArrayList<>();
                for (Relation r : Relation.values()) {
                    if (!a.equals(b) && r.holds(a.cell(), b.cell())) {
                        holding.add(r);
                    }
                }
                if (!holding.isEmpty()) {
                    Relation r = pick(holding, rng);
                    return withArticle(a.colour().word() + " " + a.shape().noun()) + " " + r.phrase() + " "
                            + withArticle(b.colour().word() + " " + b.shape().noun());
                }
            }
        }
        // A single object has no relation: fall back to its position.
        SceneObject only = scene.objects().get(0);
        return withArticle(only.colour().word() + " " + only.shape().noun()) + " " + only.cell().locative();
    }

    private String question(Scene scene, RandomGenerator rng) {
        List<QuestionKind> kinds = SceneGenerator.shuffled(List.of(QuestionKind.values()), rng);
        for (QuestionKind k : kinds) {
            var q = questions.ask(scene, k, rng);
            if (q.isPresent()) {
                return q.get().text();
            }
        }
        throw new IllegalStateException("no question can be asked about " + scene);
    }

    static String withArticle(String phrase) {
        return (Description.startsWithVowel(phrase) ? "an " : "a ") + phrase;
    }

    static String joinAnd(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
