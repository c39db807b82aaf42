package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.datasets.world.Colour;
import io.difflens.datasets.world.Orientation;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneObject;
import io.difflens.datasets.world.SceneRenderer;
import io.difflens.datasets.world.Size;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * What each visual token the LLM reads shows of a scene: the targets of the answerer's auxiliary object
 * loss ({@code train pt|sft --object-loss}).
 *
 * <p>The projector's tokens lie on a g x g grid over the image, row-major; token (row, column) covers
 * pixels [column s, (column + 1) s) x [row s, (row + 1) s) with s = image size / g. Its targets are
 * multi-hot over {@link #channels()} channels in one or two groups of {@link #GROUP}, each laid out as
 * channel 0 "an object", then one per colour, shape, size and direction:
 *
 * <ul>
 *   <li><b>drawn</b> (channels 0 to GROUP - 1): each 1 when an object with it is drawn in the token. An
 *       object is drawn in a token when its outline, as {@link SceneRenderer} fills it, covers at least
 *       {@link #MIN_AREA} pixels of the token, measured on a grid of {@link #SAMPLES} x {@link #SAMPLES}
 *       points per pixel. A token two objects are drawn in carries the attributes of both, unbound.
 *   <li><b>centred</b> (channels GROUP to 2 GROUP - 1, only for labels made with centres): each 1 when an
 *       object with it has its centre (the centre of its cell) in the token. Every object is named by exactly one token, with its
 *       attributes bound together, so counting objects of a kind is counting tokens, and which object
 *       lies left of which is where their tokens lie. Objects sit in distinct cells, so on a grid at
 *       least as fine as the 3 x 3 cells no token is the centre of two objects.
 * </ul>
 */
public final class ObjectLabels {
  private static final int COLOURS = Colour.values().length;
  private static final int SHAPES = io.difflens.datasets.world.Shape.values().length;
  private static final int SIZES = Size.values().length;
  private static final int DIRECTIONS = Orientation.directions().length;

  /** Channels of one group: an object, its colour, shape, size and direction. */
  public static final int GROUP = 1 + COLOURS + SHAPES + SIZES + DIRECTIONS;

  /** The area, in pixels, an object must cover in a token to count as drawn in it. */
  public static final double MIN_AREA = 2.0;

  /** Sample points per pixel along each axis when measuring an object's area in a token. */
  public static final int SAMPLES = 2;

  private final RenderConfig render;
  private final SceneRenderer renderer;
  private final boolean centres;

  /** The drawn group only. */
  public ObjectLabels(RenderConfig render) {
    this(render, false);
  }

  /** The drawn group, and the centred group after it when {@code withCentres}. */
  public ObjectLabels(RenderConfig render, boolean withCentres) {
    this.render = render;
    this.renderer = new SceneRenderer(render);
    this.centres = withCentres;
  }

  /** Target channels per token: the drawn group, then the centred group if there is one. */
  public int channels() {
    return centres ? 2 * GROUP : GROUP;
  }

  /** The targets of one scene's tokens on a {@code grid x grid} grid: (grid², {@link #channels()}), row-major. */
  public float[] of(Scene scene, int grid) {
    if (grid < 1 || render.size() % grid != 0) {
      throw new IllegalArgumentException(
          "a " + grid + " x " + grid + " token grid does not tile a " + render.size() + "-pixel image");
    }
    double side = (double) render.size() / grid;
    int channels = channels();
    float[] out = new float[grid * grid * channels];
    for (SceneObject o : scene.objects()) {
      if (centres) {
        double[] centre = render.centre(o.cell());
        // the centre lies inside the image: the token holding it is the last one reaching that far
        int anchor = last(centre[1], side, grid) * grid + last(centre[0], side, grid);
        set(out, anchor * channels + GROUP, o);
      }
      java.awt.Shape outline = renderer.outline(o, 1);
      Rectangle2D box = outline.getBounds2D();
      // only the tokens the outline's bounding box reaches can hold its area
      for (int row = first(box.getMinY(), side); row <= last(box.getMaxY(), side, grid); row++) {
        for (int col = first(box.getMinX(), side); col <= last(box.getMaxX(), side, grid); col++) {
          if (area(outline, col * side, row * side, side) < MIN_AREA) {
            continue;
          }
          set(out, (row * grid + col) * channels, o);
        }
      }
    }
    return out;
  }

  /** Marks object {@code o} in the group that starts at {@code base}. */
  private static void set(float[] out, int base, SceneObject o) {
    out[base] = 1;
    out[base + 1 + o.colour().ordinal()] = 1;
    out[base + 1 + COLOURS + o.shape().ordinal()] = 1;
    out[base + 1 + COLOURS + SHAPES + o.size().ordinal()] = 1;
    if (o.orientation() != Orientation.NONE) {
      // NONE is declared first: the real directions are ordinals 1..4
      out[base + COLOURS + SHAPES + SIZES + o.orientation().ordinal()] = 1;
    }
  }

  private static int first(double from, double side) {
    return Math.max(0, (int) Math.floor(from / side));
  }

  private static int last(double to, double side, int grid) {
    return Math.min(grid - 1, (int) Math.floor(to / side));
  }

  /** The area in pixels of {@code outline} inside the square token at (x0, y0), by point sampling. */
  private static double area(java.awt.Shape outline, double x0, double y0, double side) {
    int n = (int) Math.round(side * SAMPLES);
    int inside = 0;
    for (int i = 0; i < n; i++) {
      double y = y0 + (i + 0.5) / SAMPLES;
      for (int j = 0; j < n; j++) {
        if (outline.contains(x0 + (j + 0.5) / SAMPLES, y)) {
          inside++;
        }
      }
    }
    return inside / (double) (SAMPLES * SAMPLES);
  }

  /** The targets of a batch of scenes: (B, grid², {@link #channels()}). */
  public NDArray batch(NDManager manager, List<Scene> scenes, int grid) {
    int per = grid * grid * channels();
    float[] all = new float[scenes.size() * per];
    for (int i = 0; i < scenes.size(); i++) {
      System.arraycopy(of(scenes.get(i), grid), 0, all, i * per, per);
    }
    return manager.create(all, new Shape(scenes.size(), (long) grid * grid, channels()));
  }
}
