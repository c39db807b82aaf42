package io.difflens.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainPlanTest {

  @Test
  void everyRecipeAndVariantRunsOnceAfterWhatItReads() {
    List<TrainPlan.Job> plan = TrainPlan.all();
    assertThat(plan).extracting(TrainPlan.Job::key)
        .containsExactlyInAnyOrder("clip", "unet", "llm", "pt", "sft", "pt-pixels", "sft-pixels", "pt-concat",
            "sft-concat");
    Map<String, TrainPlan.Job> byKey = new java.util.HashMap<>();
    plan.forEach(j -> byKey.put(j.key(), j));
    // what each reads: the UNet the CLIP text encoder; answerers the pre-trained LLM and the CLIP tokenizer;
    // UNet-fed answerers the UNet; SFT its own PT
    assertThat(byKey.get("unet").after()).contains("clip");
    for (String pt : List.of("pt", "pt-concat")) {
      assertThat(byKey.get(pt).after()).contains("unet", "llm");
    }
    assertThat(byKey.get("pt-pixels").after()).contains("llm", "clip").doesNotContain("unet");
    assertThat(byKey.get("sft").after()).containsExactly("pt");
    assertThat(byKey.get("sft-concat").after()).containsExactly("pt-concat");
    assertThat(byKey.get("sft-pixels").after()).containsExactly("pt-pixels");
    assertThat(byKey.get("sft-pixels").arguments()).containsExactly("sft", "--variant", "pixels");
  }

  @Test
  void twoCoresRunThePixelAnswererWhileTheUNetTrains() {
    // minutes each job took in the fresh train all of 2026-11-28 04:13 UTC (the slower machine of the model card)
    Map<String, Double> minutes = Map.of("clip", 3.2, "unet", 42.8, "llm", 4.2, "pt", 7.9, "sft", 79.9,
        "pt-pixels", 5.5, "sft-pixels", 56.7, "pt-concat", 6.4, "sft-concat", 75.5);
    double oneCore = simulate(minutes, 1);
    assertThat(oneCore).isEqualTo(minutes.values().stream().mapToDouble(Double::doubleValue).sum(),
        org.assertj.core.data.Offset.offset(1e-9));
    // one core: clip, unet, pt, sft; the other: llm, pt-pixels, sft-pixels, pt-concat, sft-concat, which ends last:
    // 148.3 minutes, as that run took
    assertThat(simulate(minutes, 2))
        .isEqualTo(4.2 + 5.5 + 56.7 + 6.4 + 75.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theConcatVariantIsTheOneTheServicesRouteConcatFeaturesTo() {
    assertThat(AnswererVariant.CONCAT.key()).isEqualTo(io.difflens.models.bundle.ModelBundle.CONCAT_ANSWERER);
    assertThat(AnswererVariant.CONCAT.llm()).startsWith(io.difflens.models.bundle.ModelBundle.VARIANTS + "/");
  }

  @Test
  void aJobAfterAnUnknownOrLaterJobIsRejected() {
    List<TrainPlan.Job> bad = List.of(new TrainPlan.Job(Recipe.SFT, null, List.of("pt")),
        new TrainPlan.Job(Recipe.PT, null, List.of()));
    assertThatThrownBy(() -> TrainPlan.check(bad)).hasMessageContaining("sft runs after unknown or later job pt");
  }

  /** Event simulation of the scheduler's rule (a free core takes the first ready job in plan order). */
  private static double simulate(Map<String, Double> minutes, int cores) {
    List<TrainPlan.Job> plan = TrainPlan.all();
    Set<String> started = new HashSet<>();
    Set<String> done = new HashSet<>();
    List<double[]> endTimes = new ArrayList<>(); // [end]
    List<String> runningKeys = new ArrayList<>();
    double now = 0;
    while (done.size() < plan.size()) {
      while (runningKeys.size() < cores) {
        TrainPlan.Job next = TrainPlan.nextReady(plan, started, done);
        if (next == null) {
          break;
        }
        started.add(next.key());
        runningKeys.add(next.key());
        endTimes.add(new double[] {now + minutes.get(next.key())});
      }
      int first = 0;
      for (int i = 1; i < endTimes.size(); i++) {
        if (endTimes.get(i)[0] < endTimes.get(first)[0]) {
          first = i;
        }
      }
      now = endTimes.remove(first)[0];
      done.add(runningKeys.remove(first));
    }
    return now;
  }
}
