package io.difflens.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recipes of {@code train all} as a dependency graph: which component each job reads from which
 * earlier job, so that independent jobs (the LLM and pixel-answerer lane beside the CLIP and UNet lane)
 * can run at the same time on different cores.
 */
public final class TrainPlan {

  /**
   * One recipe run.
   *
   * @param recipe what runs
   * @param variant the answerer variant of a PT or SFT job, null for the bundle's own components
   * @param after keys of the jobs whose output this one reads
   */
  public record Job(Recipe recipe, AnswererVariant variant, List<String> after) {
    public Job {
      after = List.copyOf(after);
    }

    /** The job's name, and its folder under {@code training/}: {@code clip}, {@code sft-pixels}, ... */
    public String key() {
      return variant == null ? recipe.key() : variant.trainingKey(recipe);
    }

    /** The arguments of {@code difflens train} that run this job alone. */
    public List<String> arguments() {
      List<String> a = new ArrayList<>(List.of(recipe.key()));
      if (variant != null) {
        a.add("--variant");
        a.add(variant.key());
      }
      return a;
    }
  }

  private TrainPlan() {}

  /**
   * Every job of {@code train all}, in the order a free core should take the ready ones: the long
   * CLIP-UNet lane first, since the bundle's own answerer and the CONCAT answerer wait for the UNet; the
   * pixel answerer needs only the LLM and the CLIP tokenizer, so it fills the other core meanwhile.
   */
  public static List<Job> all() {
    List<Job> jobs = new ArrayList<>();
    jobs.add(new Job(Recipe.CLIP, null, List.of()));
    jobs.add(new Job(Recipe.LLM, null, List.of()));
    // the UNet is conditioned through the frozen CLIP text encoder
    jobs.add(new Job(Recipe.UNET, null, List.of("clip")));
    // every PT starts from the pre-trained LLM; PT and SFT read the CLIP tokenizer (question prompts)
    jobs.add(new Job(Recipe.PT, null, List.of("unet", "llm")));
    jobs.add(new Job(Recipe.SFT, null, List.of("pt")));
    AnswererVariant concat = AnswererVariant.CONCAT;
    jobs.add(new Job(Recipe.PT, concat, List.of("unet", "llm")));
    jobs.add(new Job(Recipe.SFT, concat, List.of(concat.trainingKey(Recipe.PT))));
    AnswererVariant pixels = AnswererVariant.PIXELS;
    jobs.add(new Job(Recipe.PT, pixels, List.of("clip", "llm")));
    jobs.add(new Job(Recipe.SFT, pixels, List.of(pixels.trainingKey(Recipe.PT))));
    check(jobs);
    return List.copyOf(jobs);
  }

  /** Fails unless every dependency names an earlier job (so the graph is acyclic) and keys are unique. */
  static void check(List<Job> jobs) {
    Map<String, Job> seen = new LinkedHashMap<>();
    for (Job j : jobs) {
      for (String dep : j.after()) {
        if (!seen.containsKey(dep)) {
          throw new IllegalStateException(j.key() + " runs after unknown or later job " + dep);
        }
      }
      if (seen.put(j.key(), j) != null) {
        throw new IllegalStateException("two jobs named " + j.key());
      }
    }
  }

  /** The first job in plan order that has not started and whose dependencies are all done, or null. */
  public static Job nextReady(List<Job> plan, Set<String> started, Set<String> done) {
    for (Job j : plan) {
      if (!started.contains(j.key()) && done.containsAll(j.after())) {
        return j;
      }
    }
    return null;
  }
}
