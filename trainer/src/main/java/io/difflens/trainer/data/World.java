package io.difflens.trainer.data;

import io.difflens.datasets.world.Captioner;
import io.difflens.datasets.world.ConversationGenerator;
import io.difflens.datasets.world.QuestionGenerator;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The synthetic world as training data: scenes drawn fresh from a random generator (so a recipe
 * never sees the same image twice and needs no data set on disk), rendered at the configured size,
 * with the world's captioner, question and conversation generators.
 */
public final class World {
  private final SceneGenerator scenes;
  private final SceneRenderer renderer;
  private final Captioner captioner = new Captioner();
  private final QuestionGenerator questions = new QuestionGenerator();
  private final ConversationGenerator conversations = new ConversationGenerator();

  public World(SceneConfig sceneConfig, RenderConfig renderConfig) {
    this.scenes = new SceneGenerator(Objects.requireNonNull(sceneConfig, "sceneConfig"));
    this.renderer = new SceneRenderer(Objects.requireNonNull(renderConfig, "renderConfig"));
  }

  public int imageSize() {
    return renderer.config().size();
  }

  public Scene scene(RandomGenerator rng) {
    return scenes.generate(rng);
  }

  public WorldSample sample(RandomGenerator rng) {
    Scene s = scenes.generate(rng);
    return new WorldSample(s, renderer.render(s));
  }

  public List<WorldSample> samples(RandomGenerator rng, int n) {
    List<WorldSample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sample(rng));
    }
    return out;
  }

  public SceneRenderer renderer() {
    return renderer;
  }

  public Captioner captioner() {
    return captioner;
  }

  public QuestionGenerator questions() {
    return questions;
  }

  public ConversationGenerator conversations() {
    return conversations;
  }
}
