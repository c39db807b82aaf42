package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.diffusion.EulerDiscreteScheduler;
import io.difflens.models.diffusion.SchedulerConfig;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code EulerDiscreteScheduler}: sigmas, timesteps, and two scale-then-step iterations. */
public final class EulerSchedulerRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    EulerDiscreteScheduler scheduler =
        new EulerDiscreteScheduler(SchedulerConfig.parse(folder.config()));
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("train_sigmas", manager.create(scheduler.trainSigmas()));
    try (TensorSource in = folder.inputs()) {
      int steps = Math.toIntExact(in.load("num_inference_steps", manager).toLongArray()[0]);
      EulerDiscreteScheduler.Plan plan = scheduler.plan(steps);
      out.put("timesteps", manager.create(plan.timesteps()));
      out.put("sigmas", manager.create(plan.sigmas()));
      out.put("init_noise_sigma", manager.create(new float[] {plan.initNoiseSigma()}));
      NDArray modelOutput = in.load("model_output", manager);
      NDArray sample = in.load("latents", manager).mul(plan.initNoiseSigma());
      out.put("init_latents", sample);
      for (int i = 0; i < 2; i++) {
        out.put("scaled_model_input_step" + i, plan.scaleModelInput(sample, i));
        sample = plan.step(modelOutput, i, sample);
        out.put("prev_sample_step" + i, sample);
      }
    }
    return out;
  }
}
