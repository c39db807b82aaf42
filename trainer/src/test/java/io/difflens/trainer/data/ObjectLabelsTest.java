package io.difflens.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.datasets.world.Cell;
import io.difflens.datasets.world.Colour;
import io.difflens.datasets.world.Orientation;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneObject;
import io.difflens.datasets.world.SceneRenderer;
import io.difflens.datasets.world.Shape;
import io.difflens.datasets.world.Size;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObjectLabelsTest {
  private static final int COLOURS = Colour.values().length;
  private static final int SHAPES = Shape.values().length;
  private final RenderConfig render = RenderConfig.DEFAULT;
  private final ObjectLabels labels = new ObjectLabels(render);
  private final ObjectLabels centred = new ObjectLabels(render, true);

  @Test
  void theCentreObjectIsUnderTheFourMiddleTokensOfAFourByFourGrid() {
    Scene scene = new Scene(List.of(new SceneObject(Shape.ARROW, Colour.RED, Size.SMALL, new Cell(1, 1), Orientation.LEFT)));
    float[] y = centred.of(scene, 4);
    float[] drawn = labels.of(scene, 4);
    assertThat(labels.channels()).isEqualTo(ObjectLabels.GROUP);
    assertThat(centred.channels()).isEqualTo(2 * ObjectLabels.GROUP);
    for (int row = 0; row < 4; row++) {
      for (int col = 0; col < 4; col++) {
        int base = (row * 4 + col) * centred.channels();
        int token = row * 4 + col;
        // without the centred group the labels are the drawn group alone
        assertThat(java.util.Arrays.copyOfRange(drawn, token * ObjectLabels.GROUP, (token + 1) * ObjectLabels.GROUP))
            .containsExactly(java.util.Arrays.copyOfRange(y, base, base + ObjectLabels.GROUP));
        boolean middle = (row == 1 || row == 2) && (col == 1 || col == 2);
        assertThat(y[base]).as("token %d,%d", row, col).isEqualTo(middle ? 1f : 0f);
        float[] expected = new float[centred.channels()];
        // the drawn group names it in the four middle tokens; the centred group only where its centre
        // (16, 16) lies, token (2, 2)
        for (int group : middle && row == 2 && col == 2 ? new int[] {0, 1} : middle ? new int[] {0} : new int[0]) {
          int g = group * ObjectLabels.GROUP;
          expected[g] = 1;
          expected[g + 1 + Colour.RED.ordinal()] = 1;
          expected[g + 1 + COLOURS + Shape.ARROW.ordinal()] = 1;
          expected[g + 1 + COLOURS + SHAPES + Size.SMALL.ordinal()] = 1;
          expected[g + 1 + COLOURS + SHAPES + Size.values().length + 3] = 1; // LEFT is the fourth direction
        }
        assertThat(java.util.Arrays.copyOfRange(y, base, base + centred.channels()))
            .as("token %d,%d", row, col).containsExactly(expected);
      }
    }
  }

  @Test
  void aTokenIsLabelledExactlyWhenItShowsAnObjectsPixels() {
    SceneGenerator generator = new SceneGenerator(SceneConfig.DEFAULT);
    SceneRenderer renderer = new SceneRenderer(render);
    SplittableRandom rng = new SplittableRandom(11);
    int grid = 4;
    int side = render.size() / grid;
    int labelled = 0;
    for (int i = 0; i < 200; i++) {
      Scene scene = generator.generate(rng);
      BufferedImage image = renderer.render(scene);
      float[] y = labels.of(scene, grid);
      for (int row = 0; row < grid; row++) {
        for (int col = 0; col < grid; col++) {
          int drawn = 0;
          for (int py = row * side; py < (row + 1) * side; py++) {
            for (int px = col * side; px < (col + 1) * side; px++) {
              drawn += far((image.getRGB(px, py) & 0xFFFFFF), Colour.BACKGROUND_RGB) ? 1 : 0;
            }
          }
          int base = (row * grid + col) * labels.channels();
          if (y[base] == 1f) {
            labelled++;
            assertThat(drawn).as("scene %d token %d,%d labelled but blank", i, row, col).isPositive();
            // every colour it names is drawn in it: some pixel is nearer that colour than the background
            for (Colour c : Colour.values()) {
              if (y[base + 1 + c.ordinal()] == 1f) {
                assertThat(hasColour(image, col * side, row * side, side, c.rgb()))
                    .as("scene %d token %d,%d %s", i, row, col, c).isTrue();
              }
            }
          } else {
            // at most an anti-aliased fringe of an object beside it
            assertThat(drawn).as("scene %d token %d,%d unlabelled but drawn", i, row, col).isLessThanOrEqualTo(side);
          }
        }
      }
    }
    assertThat(labelled).isGreaterThan(200);
  }

  @Test
  void everyObjectIsTheCentreOfOneTokenThatShowsItsColourAndNamesNoOtherObject() {
    SceneGenerator generator = new SceneGenerator(SceneConfig.DEFAULT);
    SceneRenderer renderer = new SceneRenderer(render);
    SplittableRandom rng = new SplittableRandom(12);
    for (int grid : new int[] {4, 8}) {
      int side = render.size() / grid;
      for (int i = 0; i < 100; i++) {
        Scene scene = generator.generate(rng);
        BufferedImage image = renderer.render(scene);
        float[] y = centred.of(scene, grid);
        int centres = 0;
        for (int token = 0; token < grid * grid; token++) {
          int base = token * centred.channels() + ObjectLabels.GROUP;
          if (y[base] == 0f) {
            for (int k = 1; k < ObjectLabels.GROUP; k++) {
              assertThat(y[base + k]).as("scene %d token %d channel %d without a centre", i, token, k).isZero();
            }
            continue;
          }
          centres++;
          // one object: one colour and one shape, bound; and that colour is drawn in the token
          int colours = 0;
          int shapes = 0;
          for (Colour c : Colour.values()) {
            if (y[base + 1 + c.ordinal()] == 1f) {
              colours++;
              assertThat(hasColour(image, (token % grid) * side, (token / grid) * side, side, c.rgb()))
                  .as("scene %d token %d %s", i, token, c).isTrue();
            }
          }
          for (int k = 0; k < SHAPES; k++) {
            shapes += (int) y[base + 1 + COLOURS + k];
          }
          assertThat(colours).as("scene %d token %d colours", i, token).isEqualTo(1);
          assertThat(shapes).as("scene %d token %d shapes", i, token).isEqualTo(1);
          // a centred object is drawn there too
          assertThat(y[token * centred.channels()]).as("scene %d token %d drawn", i, token).isEqualTo(1f);
        }
        assertThat(centres).as("scene %d on a %d x %d grid", i, grid, grid).isEqualTo(scene.objects().size());
      }
    }
  }

  @Test
  void aGridThatDoesNotTileTheImageIsRefused() {
    Scene scene = new Scene(List.of(SceneObject.of(Shape.CIRCLE, Colour.BLUE, Size.LARGE, new Cell(0, 0))));
    assertThatThrownBy(() -> labels.of(scene, 3)).hasMessageContaining("does not tile a 32-pixel image");
  }

  private static boolean hasColour(BufferedImage image, int x0, int y0, int side, int rgb) {
    for (int y = y0; y < y0 + side; y++) {
      for (int x = x0; x < x0 + side; x++) {
        int p = image.getRGB(x, y) & 0xFFFFFF;
        if (distance(p, rgb) < distance(p, Colour.BACKGROUND_RGB)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean far(int a, int b) {
    return distance(a, b) > 60;
  }

  private static double distance(int a, int b) {
    int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
    int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
    int db = (a & 0xFF) - (b & 0xFF);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }
}
