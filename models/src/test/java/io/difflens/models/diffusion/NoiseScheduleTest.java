package io.difflens.models.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

  @Test
  void scaledLinearScheduleHasExactEndpointsAndDecreasingCumprod() {
    NoiseSchedule s = NoiseSchedule.stableDiffusion();
    float[] betas = s.betas();
    assertThat(betas).hasSize(1000);
    // endpoints: the squares of the float32 square roots, as torch computes them
    float lo = (float) Math.sqrt(0.00085);
    float hi = (float) Math.sqrt(0.012);
    assertThat(betas[0]).isEqualTo(lo * lo);
    assertThat(betas[999]).isEqualTo(hi * hi);
    float[] ac = s.alphasCumprod();
    for (int i = 1; i < ac.length; i++) {
      assertThat(ac[i]).isLessThan(ac[i - 1]);
    }
    assertThat(ac[0]).isEqualTo(1f - betas[0]);
  }

  @Test
  void addNoiseUsesEachSamplesOwnTimestep() {
    NoiseSchedule s = NoiseSchedule.stableDiffusion();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x0 = m.randomNormal(new Shape(2, 3));
      NDArray noise = m.randomNormal(new Shape(2, 3));
      NDArray noisy = s.addNoise(x0, noise, new long[] {0, 999});
      float[] x = x0.toFloatArray();
      float[] e = noise.toFloatArray();
      float[] got = noisy.toFloatArray();
      int[] t = {0, 999};
      for (int b = 0; b < 2; b++) {
        double a = s.alphaCumprod(t[b]);
        for (int j = 0; j < 3; j++) {
          int i = b * 3 + j;
          assertThat((double) got[i])
              .isCloseTo(
                  Math.sqrt(a) * x[i] + Math.sqrt(1 - a) * e[i],
                  org.assertj.core.data.Offset.offset(1e-5));
        }
      }
      assertThatThrownBy(() -> s.addNoise(x0, noise, new long[] {5}))
          .hasMessageContaining("one timestep per sample");
      assertThatThrownBy(() -> s.addNoise(x0, noise, new long[] {5, 1000}))
          .hasMessageContaining("1000");
    }
  }

  @Test
  void eulerPlansFollowTheConfiguredSpacing() {
    SchedulerConfig leading = SchedulerConfig.sdxlEuler();
    EulerDiscreteScheduler.Plan plan = new EulerDiscreteScheduler(leading).plan(10);
    assertThat(plan.timesteps()).startsWith(901f).endsWith(1f);
    assertThat(plan.sigmas()).hasSize(11).endsWith(0f);

    SchedulerConfig trailing =
        new SchedulerConfig(
            SchedulerConfig.Kind.EULER_DISCRETE,
            1000,
            BetaSchedule.SCALED_LINEAR,
            0.00085,
            0.012,
            PredictionType.EPSILON,
            TimestepSpacing.TRAILING,
            0);
    EulerDiscreteScheduler.Plan t = new EulerDiscreteScheduler(trailing).plan(4);
    assertThat(t.timesteps()).containsExactly(999f, 749f, 499f, 249f);
    // trailing starts at the last training sigma, and reports it as the initial noise scale
    assertThat(t.initNoiseSigma()).isEqualTo(t.sigmas()[0]);

    SchedulerConfig linspace =
        new SchedulerConfig(
            SchedulerConfig.Kind.EULER_DISCRETE,
            1000,
            BetaSchedule.SCALED_LINEAR,
            0.00085,
            0.012,
            PredictionType.EPSILON,
            TimestepSpacing.LINSPACE,
            0);
    EulerDiscreteScheduler.Plan l = new EulerDiscreteScheduler(linspace).plan(4);
    assertThat(l.timesteps()).containsExactly(999f, 666f, 333f, 0f);
    assertThatThrownBy(() -> new EulerDiscreteScheduler(leading).plan(0)).hasMessageContaining("0");
  }
}
