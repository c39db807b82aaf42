package io.difflens.datasets.world;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * Draws scenes with Java2D. Every shape is built in a unit frame (outer radius 1, pointing up), rotated by its
 * orientation, scaled to its size and centred in its cell. See {@link RenderConfig} for antialiasing.
 */
public final class SceneRenderer {

    private final RenderConfig config;

    public SceneRenderer(RenderConfig config) {
        this.config = config;
    }

    public RenderConfig config() {
        return config;
    }

    /** Renders a scene to an RGB image of {@code size x size} pixels. */
    public BufferedImage render(Scene scene) {
        int k = config.supersample();
        int big = config.size() * k;
        BufferedImage hi = new BufferedImage(big, big, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = hi.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(new Color(Colour.BACKGROUND_RGB));
            g.fillRect(0, 0, big, big);
            for (SceneObject o : scene.objects()) {
                g.setColor(new Color(o.colour().rgb()));
                g.fill(outline(o, k));
            }
        } finally {
            g.dispose();
        }
        return k == 1 ? hi : downsample(hi, k);
    }

    /** Renders a scene to PNG bytes, encoded as the {@link RenderConfig} says (stored by default). */
    public byte[] png(Scene scene) {
        return Png.encode(render(scene), config.compression());
    }

    /** The object's outline in pixel coordinates of an image {@code scale} times the configured size. */
    public java.awt.Shape outline(SceneObject o, int scale) {
        double[] c = config.centre(o.cell());
        double r = config.radius(o.size()) * scale;
        AffineTransform t = new AffineTransform();
        t.translate(c[0] * scale, c[1] * scale);
        t.scale(r, r);
        t.quadrantRotate(o.orientation().quarterTurns());
        return t.createTransformedShape(unitShape(o.shape()));
    }

    /** The shape with outer radius 1, centred on the origin, pointing up (y grows downwards). */
    static Shape unitShape(io.difflens.datasets.world.Shape shape) {
        return switch (shape) {
            case CIRCLE -> new Ellipse2D.Double(-0.9, -0.9, 1.8, 1.8);
            case SQUARE -> polygon(-0.8, -0.8, 0.8, -0.8, 0.8, 0.8, -0.8, 0.8);
            case DIAMOND -> polygon(0, -1, 0.8, 0, 0, 1, -0.8, 0);
            case TRIANGLE -> polygon(0, -1, 0.95, 0.75, -0.95, 0.75);
            // A head as wide as the shape and a thin shaft: most of the mass sits on the side it points to, so the
            // direction survives at 32x32 where a small arrow is about 6 pixels long.
            case ARROW -> polygon(0, -1, 1, 0, 0.3, 0, 0.3, 0.95, -0.3, 0.95, -0.3, 0, -1, 0);
            case CROSS -> polygon(-0.32, -0.95, 0.32, -0.95, 0.32, -0.32, 0.95, -0.32, 0.95, 0.32, 0.32, 0.32,
                    0.32, 0.95, -0.32, 0.95, -0.32, 0.32, -0.95, 0.32, -0.95, -0.32, -0.32, -0.32);
            case STAR -> star();
        };
    }

    private static Shape star() {
        double[] xy = new double[20];
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? 1.0 : 0.45;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            xy[2 * i] = radius * Math.cos(angle);
            // The star is vertically centred on its bounding box rather than its circumcentre.
            xy[2 * i + 1] = radius * Math.sin(angle) + 0.1;
        }
        return polygon(xy);
    }

    private static Shape polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }

    /** Box filter in integer arithmetic (rounded), written here so the result does not depend on the JDK. */
    private static BufferedImage downsample(BufferedImage hi, int k) {
        int size = hi.getWidth() / k;
        int[] src = hi.getRGB(0, 0, hi.getWidth(), hi.getHeight(), null, 0, hi.getWidth());
        int[] dst = new int[size * size];
        int n = k * k;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < k; dy++) {
                    int row = (y * k + dy) * size * k;
                    for (int dx = 0; dx < k; dx++) {
                        int p = src[row + x * k + dx];
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                    }
                }
                dst[y * size + x] = ((r + n / 2) / n) << 16 | ((g + n / 2) / n) << 8 | (b + n / 2) / n;
            }
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, size, size, dst, 0, size);
        return out;
    }
}
