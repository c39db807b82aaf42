package io.difflens.trainer.recipes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.trainer.TrainingTask;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.Noise;
import io.difflens.trainer.data.Prompts;
import io.difflens.trainer.data.TextConditioner;
import io.difflens.trainer.data.World;
import io.difflens.trainer.data.WorldSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tiny SDXL-family UNet by the denoising objective in pixel space: ε-prediction MSE on fresh
 * scenes noised to timesteps weighted towards high t, conditioned through the frozen CLIP text
 * encoder on varied prompts (full, counting, partial, relational and question-like captions, ~10%
 * empty).
 */
public final class UNetRecipe implements TrainingTask {
  private final World world;
  private final TextConditioner conditioner;
  private final UNet2DConditionModel unet;
  private final NoiseSchedule schedule;

  public UNetRecipe(
      World world, TextConditioner conditioner, UNet2DConditionModel unet, NoiseSchedule schedule) {
    this.world = world;
    this.conditioner = conditioner;
    this.unet = unet;
    this.schedule = schedule;
  }

  @Override
  public Map<String, Parameter> trainable() {
    return ParameterPaths.of(unet);
  }

  @Override
  public NDArray loss(NDManager manager, SplittableRandom rng, int batch) {
    List<WorldSample> samples = world.samples(rng, batch);
    List<String> prompts = new ArrayList<>();
    for (WorldSample s : samples) {
      prompts.add(Prompts.unetPrompt(world, s.scene(), rng));
    }
    NDArray x0 = Images.batch(manager, samples.stream().map(WorldSample::image).toList());
    NDArray noise = Noise.normal(manager, x0.getShape(), rng);
    long[] t = Noise.timesteps(batch, schedule.size(), rng);
    NDArray pred = predict(manager, schedule.addNoise(x0, noise, t), t, prompts);
    return pred.sub(noise).square().mean();
  }

  /** The UNet's noise prediction for noisy images at timesteps {@code t} under {@code prompts}. */
  NDArray predict(NDManager manager, NDArray xt, long[] t, List<String> prompts) {
    TextConditioner.Conditioning c = conditioner.encode(manager, prompts);
    NDArray ids = TextConditioner.timeIds(manager, prompts.size(), world.imageSize());
    NDArray ts = manager.create(t).toType(DataType.FLOAT32, false);
    return unet.forward(xt, ts, c.context(), new AddedConditions(c.pooled(), ids));
  }
}
