package io.difflens.trainer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one recipe runs: where it writes, for how long, and from which seed.
 *
 * @param out the recipe's output folder (checkpoints, loss log, exported component)
 * @param steps optimizer steps in total (a resumed run continues up to this count)
 * @param batch examples per step
 * @param seed the seed every random choice (data order, noise, initialisation) derives from
 * @param resume continue from the last checkpoint in {@code out} if there is one
 * @param learningRate peak AdamW learning rate (linear warm-up, then cosine decay to 10%)
 * @param checkpointEvery steps between checkpoints (the last step is always checkpointed)
 */
public record TrainOptions(
    Path out, int steps, int batch, long seed, boolean resume, float learningRate, int checkpointEvery) {

  public TrainOptions {
    Objects.requireNonNull(out, "out");
    if (steps < 1 || batch < 1 || checkpointEvery < 1) {
      throw new IllegalArgumentException(
          "steps, batch and checkpointEvery must be >= 1, got steps "
              + steps
              + ", batch "
              + batch
              + ", checkpointEvery "
              + checkpointEvery);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }

  public TrainOptions withOut(Path newOut) {
    return new TrainOptions(newOut, steps, batch, seed, resume, learningRate, checkpointEvery);
  }

  public TrainOptions withSteps(int newSteps) {
    return new TrainOptions(out, newSteps, batch, seed, resume, learningRate, checkpointEvery);
  }

  public TrainOptions withBatch(int newBatch) {
    return new TrainOptions(out, steps, newBatch, seed, resume, learningRate, checkpointEvery);
  }

  public TrainOptions withLearningRate(float lr) {
    return new TrainOptions(out, steps, batch, seed, resume, lr, checkpointEvery);
  }

  public TrainOptions withSeed(long newSeed) {
    return new TrainOptions(out, steps, batch, newSeed, resume, learningRate, checkpointEvery);
  }
}
