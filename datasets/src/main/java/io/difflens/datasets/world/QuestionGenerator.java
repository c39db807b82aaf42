package io.difflens.datasets.world;

import static io.difflens.datasets.world.SceneGenerator.pick;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Asks questions about scenes: picks what to ask, words it from varied templates, and lets the {@link Query}
 * compute the answer. Referents are described only as much as needed to be unique among the other objects, so
 * with same-shape and same-colour distractors the queried object must be found ("what color is the star?" with
 * two circles of other colours beside it).
 */
public final class QuestionGenerator {

    /** Attribute combinations a referring expression may use, simplest first. */
    private static final List<Set<Attribute>> COMBINATIONS = List.of(
            EnumSet.of(Attribute.SHAPE),
            EnumSet.of(Attribute.COLOUR),
            EnumSet.of(Attribute.SIZE),
            EnumSet.of(Attribute.COLOUR, Attribute.SHAPE),
            EnumSet.of(Attribute.SIZE, Attribute.SHAPE),
            EnumSet.of(Attribute.SIZE, Attribute.COLOUR),
            EnumSet.of(Attribute.SIZE, Attribute.COLOUR, Attribute.SHAPE),
            EnumSet.of(Attribute.POSITION),
            EnumSet.of(Attribute.SHAPE, Attribute.POSITION));

    /** Probability of the simplest unique description rather than any unique one. */
    private static final double SIMPLEST_RATE = 0.7;

    /** Probability that a count or existence question is about something present. */
    private static final double PRESENT_RATE = 0.85;

    /**
     * A question of the given kind about the scene, open (no options), or empty if the scene offers none (e.g.
     * no oriented object for an orientation question).
     */
    public Optional<Question> ask(Scene scene, QuestionKind kind, RandomGenerator rng) {
        return switch (kind) {
            case COLOR -> aboutOne(scene, Attribute.COLOUR, rng, Query.ColourOf::new,
                    List.of("What color is %s?", "What is the color of %s?", "Which color does %s have?",
                            "What color does %s have?"));
            case SHAPE -> aboutOne(scene, Attribute.SHAPE, rng, Query.ShapeOf::new,
                    List.of("What shape is %s?", "What is the shape of %s?", "Which shape is %s?"));
            case SIZE -> aboutOne(scene, Attribute.SIZE, rng, Query.SizeOf::new,
                    List.of("Is %s small or large?", "Is %s large or small?", "What size is %s?"));
            case POSITION -> aboutOne(scene, Attribute.POSITION, rng, Query.PositionOf::new,
                    List.of("Where is %s?", "Where is %s located?", "In which part of the image is %s?"));
            case ORIENTATION -> orientation(scene, rng);
            case COUNT -> count(scene, rng);
            case EXISTENCE -> existence(scene, rng);
            case RELATION -> relation(scene, rng);
        };
    }

    /** One question of each kind the scene allows, in {@link QuestionKind} order. */
    public List<Question> askAll(Scene scene, RandomGenerator rng) {
        List<Question> out = new ArrayList<>();
        for (QuestionKind k : QuestionKind.values()) {
            ask(scene, k, rng).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The same question with two options, the answer and one plausible wrong answer (preferably one the scene
     * makes tempting, e.g. the colour of a distractor), in random order.
     */
    public Question withTwoOptions(Question q, Scene scene, RandomGenerator rng) {
        String wrong = pick(wrongAnswers(q, scene, rng), rng);
        return q.withOptions(rng.nextBoolean() ? List.of(q.answer(), wrong) : List.of(wrong, q.answer()));
    }

    /** Plausible wrong answers, the most tempting ones only when there are any. */
    List<String> wrongAnswers(Question q, Scene scene, RandomGenerator rng) {
        String a = q.answer();
        List<String> tempting = new ArrayList<>();
        List<String> all = new ArrayList<>();
        switch (q.kind()) {
            case COLOR -> {
                scene.objects().forEach(o -> tempting.add(o.colour().word()));
                for (Colour c : Colour.values()) {
                    all.add(c.word());
                }
            }
            case SHAPE -> {
                scene.objects().forEach(o -> tempting.add(o.shape().noun()));
                for (Shape s : Shape.values()) {
                    all.add(s.noun());
                }
            }
            case SIZE -> all.addAll(List.of("small", "large"));
            case POSITION -> {
                scene.objects().forEach(o -> tempting.add(o.cell().words()));
                Cell.ALL.forEach(c -> all.add(c.words()));
            }
            case ORIENTATION -> {
                tempting.add(Orientation.valueOf(a.toUpperCase(Locale.ROOT)).opposite().word());
                for (Orientation o : Orientation.directions()) {
                    all.add(o.word());
                }
            }
            case COUNT -> {
                int n = Integer.parseInt(a);
                all.add(Integer.toString(n + 1));
                if (n > 0) {
                    all.add(Integer.toString(n - 1));
                }
            }
            case EXISTENCE, RELATION -> all.addAll(List.of("yes", "no"));
        }
        tempting.removeIf(a::equals);
        all.removeIf(a::equals);
        return (!tempting.isEmpty() && rng.nextDouble() < 0.75 ? tempting : all).stream().distinct().toList();
    }

    private Optional<Question> aboutOne(Scene scene, Attribute asked, RandomGenerator rng,
            Function<Description, Query> query, List<String> templates) {
        return pickTarget(scene, scene.objects(), asked, EnumSet.of(asked), rng).map(d -> Question.ask(scene,
                query.apply(d), String.format(Locale.ROOT, pick(templates, rng), d.definite()), List.of()));
    }

    private Optional<Question> orientation(Scene scene, RandomGenerator rng) {
        return pickTarget(scene, scene.select(o -> o.shape().oriented()), Attribute.ORIENTATION,
                EnumSet.noneOf(Attribute.class), rng).map(d -> Question.ask(scene, new Query.OrientationOf(d),
                String.format(Locale.ROOT, pick(List.of("Which way does %s point?",
                        "In which direction is %s pointing?", "Is %s pointing up, down, left or right?"), rng),
                        d.definite()), List.of()));
    }

    /**
     * Picks the queried object: first an answer value uniformly among those that some uniquely describable
     * candidate has, then such a candidate. Drawing objects uniformly instead would favour the scene's most
     * frequent colour (or shape, or size), and a model could then answer from the scene's colour histogram
     * without finding the object.
     */
    private static Optional<Description> pickTarget(Scene scene, List<SceneObject> candidates, Attribute asked,
            Set<Attribute> forbidden, RandomGenerator rng) {
        // TreeMap keyed by the enum or cell: iteration order is the same on every JVM.
        Map<Object, List<Description>> byAnswer = new TreeMap<>(QuestionGenerator::compareValues);
        for (SceneObject o : candidates) {
            describe(scene, o, forbidden, rng).ifPresent(d ->
                    byAnswer.computeIfAbsent(valueOf(o, asked), k -> new ArrayList<>()).add(d));
        }
        if (byAnswer.isEmpty()) {
            return Optional.empty();
        }
        List<List<Description>> groups = new ArrayList<>(byAnswer.values());
        return Optional.of(pick(pick(groups, rng), rng));
    }

    private static Object valueOf(SceneObject o, Attribute a) {
        return switch (a) {
            case COLOUR -> o.colour();
            case SHAPE -> o.shape();
            case SIZE -> o.size();
            case POSITION -> o.cell();
            case ORIENTATION -> o.orientation();
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private Optional<Question> count(Scene scene, RandomGenerator rng) {
        Description what;
        if (rng.nextDouble() < PRESENT_RATE) {
            SceneObject o = pick(scene.objects(), rng);
            what = switch (rng.nextInt(4)) {
                case 0 -> Description.of(o.shape());
                case 1 -> new Description(null, o.colour(), null, null);
                case 2 -> Description.of(o.colour(), o.shape());
                default -> new Description(o.size(), null, o.shape(), null);
            };
        } else {
            what = absentCombination(scene, rng);
        }
        String text = String.format(Locale.ROOT, pick(List.of("How many %s are there?",
                "How many %s are in the image?", "How many %s can you see?", "What is the number of %s?"), rng),
                what.plural());
        return Optional.of(Question.ask(scene, new Query.CountOf(what), text, List.of()));
    }

    private Optional<Question> existence(Scene scene, RandomGenerator rng) {
        Description what;
        if (rng.nextBoolean()) {
            SceneObject o = pick(scene.objects(), rng);
            what = rng.nextDouble() < 0.7 ? Description.of(o.colour(), o.shape())
                    : new Description(o.size(), o.colour(), o.shape(), null);
        } else {
            what = absentCombination(scene, rng);
        }
        String text = String.format(Locale.ROOT, pick(List.of("Is there %s?", "Is there %s in the image?",
                "Can you see %s?", "Does the image contain %s?"), rng), what.indefinite());
        return Optional.of(Question.ask(scene, new Query.Exists(what), text, List.of()));
    }

    /**
     * A colour-shape combination absent from the scene, preferably made of a colour and a shape that are both
     * present (on other objects): the hard negative that a bag-of-attributes reading gets wrong.
     */
    private static Description absentCombination(Scene scene, RandomGenerator rng) {
        List<Description> hard = new ArrayList<>();
        List<Description> any = new ArrayList<>();
        for (Colour c : Colour.values()) {
            for (Shape s : Shape.values()) {
                Description d = Description.of(c, s);
                if (scene.count(d) == 0) {
                    any.add(d);
                    boolean colourSeen = scene.count(o -> o.colour() == c) > 0;
                    boolean shapeSeen = scene.count(o -> o.shape() == s) > 0;
                    if (colourSeen && shapeSeen) {
                        hard.add(d);
                    }
                }
            }
        }
        return pick(hard.isEmpty() ? any : hard, rng);
    }

    private Optional<Question> relation(Scene scene, RandomGenerator rng) {
        List<SceneObject> objects = SceneGenerator.shuffled(scene.objects(), rng);
        EnumSet<Attribute> noPosition = EnumSet.of(Attribute.POSITION);
        for (SceneObject x : objects) {
            for (SceneObject y : objects) {
                if (x.equals(y)) {
                    continue;
                }
                List<Relation> holding = new ArrayList<>();
                for (Relation r : Relation.values()) {
                    if (r.holds(x.cell(), y.cell())) {
                        holding.add(r);
                    }
                }
                Optional<Description> dx = describe(scene, x, noPosition, rng);
                Optional<Description> dy = describe(scene, y, noPosition, rng);
                if (holding.isEmpty() || dx.isEmpty() || dy.isEmpty()) {
                    continue;
                }
                Relation r = pick(holding, rng);
                if (rng.nextBoolean()) {
                    r = r.inverse();
                }
                String text = "Is " + dx.get().definite() + " " + r.phrase() + " " + dy.get().definite() + "?";
                return Optional.of(Question.ask(scene, new Query.RelationOf(dx.get(), r, dy.get()), text, List.of()));
            }
        }
        return Optional.empty();
    }

    /**
     * A description that picks out {@code target} alone and does not use the forbidden attributes; mostly the
     * simplest such, sometimes a longer or positional one, for variety.
     */
    public static Optional<Description> describe(Scene scene, SceneObject target, Set<Attribute> forbidden,
            RandomGenerator rng) {
        List<Description> unique = new ArrayList<>();
        for (Set<Attribute> combination : COMBINATIONS) {
            if (combination.stream().anyMatch(forbidden::contains)) {
                continue;
            }
            Description d = new Description(
                    combination.contains(Attribute.SIZE) ? target.size() : null,
                    combination.contains(Attribute.COLOUR) ? target.colour() : null,
                    combination.contains(Attribute.SHAPE) ? target.shape() : null,
                    combination.contains(Attribute.POSITION) ? target.cell() : null);
            if (d.resolve(scene).filter(target::equals).isPresent()) {
                unique.add(d);
            }
        }
        if (unique.isEmpty()) {
            return Optional.empty();
        }
        List<Description> attributeOnly = unique.stream().filter(d -> d.cell() == null).toList();
        if (!attributeOnly.isEmpty() && rng.nextDouble() < SIMPLEST_RATE) {
            int least = attributeOnly.stream().mapToInt(Description::specificity).min().orElseThrow();
            return Optional.of(pick(attributeOnly.stream().filter(d -> d.specificity() == least).toList(), rng));
        }
        return Optional.of(pick(unique, rng));
    }
}
