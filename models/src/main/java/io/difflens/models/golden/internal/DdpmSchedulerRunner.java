package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.diffusion.SchedulerConfig;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code DDPMScheduler}: the training schedule and {@code add_noise} at per-sample timesteps. */
public final class DdpmSchedulerRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    NoiseSchedule schedule = SchedulerConfig.parse(folder.config()).schedule();
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("betas", manager.create(schedule.betas()));
    float[] cumprod = schedule.alphasCumprod();
    out.put("alphas_cumprod", manager.create(cumprod));
    try (TensorSource in = folder.inputs()) {
      long[] t = in.load("timesteps", manager).toLongArray();
      float[] atT = new float[t.length];
      for (int i = 0; i < t.length; i++) {
        atT[i] = schedule.alphaCumprod(Math.toIntExact(t[i]));
      }
      out.put("alphas_cumprod_at_t", manager.create(atT));
      out.put(
          "noisy_samples",
          schedule.addNoise(in.load("original_samples", manager), in.load("noise", manager), t));
    }
    return out;
  }
}
