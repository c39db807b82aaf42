package io.difflens.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.difflens.trainer.internal.AdamW;
import io.difflens.trainer.internal.CheckpointFiles;
import io.difflens.trainer.internal.LossLog;
import io.difflens.trainer.internal.ProgressBar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The training engine: AdamW on a {@link TrainingTask}'s trainable parameters, with a warm-up then
 * cosine learning rate, periodic checkpoints, resume, a JSONL loss log and a progress bar.
 *
 * <p>Each step gets its own random generator, a pure function of (seed, step): the batch, the noise
 * and the timesteps of step {@code s} are the same whether or not the run was interrupted before
 * it. Each step's arrays live in a sub-manager closed at the end of the step; the optimizer's
 * moments live in the loop's manager. DJL allows one {@link GradientCollector} at a time, so only
 * one loop may run per process.
 */
public final class TrainingLoop {
  private static final float WEIGHT_DECAY = 0.01f;
  private static final float MAX_GRAD_NORM = 1.0f;

  private TrainingLoop() {}

  /** The random generator of one step. */
  public static SplittableRandom stepRandom(long seed, int step) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 1);
  }

  /** Warm-up over the first 5% of steps (at most 200), then cosine decay to 10% of the peak. */
  public static float learningRate(float peak, int step, int steps) {
    int warmup = Math.max(1, Math.min(200, steps / 20));
    if (step < warmup) {
      return peak * (step + 1) / warmup;
    }
    double progress = (double) (step - warmup) / Math.max(1, steps - warmup);
    return (float) (peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }

  /**
   * Trains {@code task} up to {@code options.steps()}, resuming from the checkpoint in {@code
   * options.out()} when {@code options.resume()} and one exists.
   */
  public static TrainingResult run(
      String label, TrainingTask task, TrainOptions options, NDManager manager) {
    try {
      Files.createDirectories(options.out());
      Map<String, Parameter> params = task.trainable();
      params.values().forEach(p -> p.freeze(false));
      AdamW optimizer = new AdamW(params, manager, WEIGHT_DECAY, MAX_GRAD_NORM);
      int start = 0;
      if (options.resume()) {
        Optional<CheckpointFiles.State> state = CheckpointFiles.read(options.out());
        if (state.isPresent()) {
          if (state.get().seed() != options.seed()) {
            throw new IllegalArgumentException(
                "checkpoint in " + options.out() + " was trained with seed " + state.get().seed()
                    + ", not " + options.seed());
          }
          CheckpointFiles.restore(options.out(), params, optimizer, state.get(), manager);
          start = state.get().step();
        }
      }
      ProgressBar bar = new ProgressBar(label, options.steps());
      long t0 = System.nanoTime();
      double first = Double.NaN;
      double windowSum = 0;
      int windowCount = 0;
      double last = Double.NaN;
      int window = Math.max(1, Math.min(50, (options.steps() - start) / 4));
      try (LossLog log = LossLog.open(options.out().resolve("loss.jsonl"), start)) {
        for (int step = start; step < options.steps(); step++) {
          float lr = learningRate(options.learningRate(), step, options.steps());
          double loss;
          double norm;
          try (NDManager stepManager = manager.newSubManager()) {
            SplittableRandom rng = stepRandom(options.seed(), step);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray l = task.loss(stepManager, rng, options.batch());
              l.attach(stepManager);
              gc.backward(l);
              loss = l.getFloat();
            }
            norm = optimizer.step(lr, stepManager);
          }
          if (!Double.isFinite(loss)) {
            throw new IllegalStateException(label + ": loss is " + loss + " at step " + step);
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          log.write(step, loss, lr, norm, seconds, task.parts());
          windowSum += loss;
          windowCount++;
          if (windowCount == window) {
            last = windowSum / windowCount;
            if (Double.isNaN(first)) {
              first = last;
            }
            windowSum = 0;
            windowCount = 0;
          }
          int done = step + 1;
          double rate = (done - start) / Math.max(seconds, 1e-9);
          bar.update(done, loss, rate);
          if (done % options.checkpointEvery() == 0 || done == options.steps()) {
            CheckpointFiles.save(
                options.out(),
                params,
                optimizer,
                new CheckpointFiles.State(done, options.seed(), optimizer.updates()));
            System.err.printf(
                Locale.ROOT, "%s step %d/%d loss %.4f lr %.2e %.2f steps/s%n",
                label, done, options.steps(), loss, lr, rate);
          }
        }
      }
      bar.done();
      if (windowCount > 0) {
        last = windowSum / windowCount;
        if (Double.isNaN(first)) {
          first = last;
        }
      }
      params.values().forEach(p -> p.freeze(true));
      return new TrainingResult(start, options.steps(), first, last, (System.nanoTime() - t0) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(label + ": cannot write under " + options.out(), e);
    }
  }
}
