package io.difflens.datasets.world;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rendered images back without the scene model: per-pixel coverage of a palette colour, connected
 * components, centroids and extents. Coverage of colour c at a pixel p is the fraction f in [0, 1] that best
 * explains p as f*c + (1-f)*background (supersampled edges blend exactly so), or 0 if p is not on that line.
 */
final class Pixels {

    private final BufferedImage image;
    private final int size;

    Pixels(BufferedImage image) {
        this.image = image;
        this.size = image.getWidth();
    }

    int size() {
        return size;
    }

    /** Coverage of a colour at (x, y); 0 when the pixel is not a blend of that colour with the background. */
    double coverage(Colour c, int x, int y) {
        int p = image.getRGB(x, y) & 0xFFFFFF;
        int[] bg = rgb(Colour.BACKGROUND_RGB);
        int[] col = rgb(c.rgb());
        int[] px = rgb(p);
        double num = 0;
        double den = 0;
        for (int k = 0; k < 3; k++) {
            num += (px[k] - bg[k]) * (double) (col[k] - bg[k]);
            den += (col[k] - bg[k]) * (double) (col[k] - bg[k]);
        }
        double f = Math.max(0, Math.min(1, num / den));
        double residual = 0;
        for (int k = 0; k < 3; k++) {
            double model = bg[k] + f * (col[k] - bg[k]);
            residual += (px[k] - model) * (px[k] - model);
        }
        // Rounding to 8 bits leaves a residual of about 1 per channel; anything far off is another colour.
        return Math.sqrt(residual) <= 6 ? f : 0;
    }

    /** The palette colour nearest to a pixel, or null for (near) background. */
    Colour nearest(int x, int y) {
        int[] px = rgb(image.getRGB(x, y) & 0xFFFFFF);
        Colour best = null;
        double bestD = dist(px, rgb(Colour.BACKGROUND_RGB));
        for (Colour c : Colour.values()) {
            double d = dist(px, rgb(c.rgb()));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** The colour with the most coverage mass inside a pixel window [x0, x1) x [y0, y1). */
    Colour dominant(int x0, int y0, int x1, int y1) {
        Colour best = null;
        double bestMass = 0;
        for (Colour c : Colour.values()) {
            double m = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    m += coverage(c, x, y);
                }
            }
            if (m > bestMass) {
                bestMass = m;
                best = c;
            }
        }
        return best;
    }

    /** 8-connected components of pixels covered at least {@code threshold} by a colour. */
    List<Component> components(Colour c, double threshold) {
        boolean[] seen = new boolean[size * size];
        List<Component> out = new ArrayList<>();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (seen[y * size + x] || coverage(c, x, y) < threshold) {
                    continue;
                }
                Component comp = new Component();
                List<int[]> stack = new ArrayList<>();
                stack.add(new int[] {x, y});
                seen[y * size + x] = true;
                while (!stack.isEmpty()) {
                    int[] p = stack.remove(stack.size() - 1);
                    comp.add(p[0], p[1]);
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int nx = p[0] + dx;
                            int ny = p[1] + dy;
                            if (nx >= 0 && ny >= 0 && nx < size && ny < size && !seen[ny * size + nx]
                                    && coverage(c, nx, ny) >= threshold) {
                                seen[ny * size + nx] = true;
                                stack.add(new int[] {nx, ny});
                            }
                        }
                    }
                }
                out.add(comp);
            }
        }
        return out;
    }

    /** Pixel set with centroid (pixel centres) and bounding box. */
    static final class Component {
        int count;
        double sumX;
        double sumY;
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;

        void add(int x, int y) {
            count++;
            sumX += x + 0.5;
            sumY += y + 0.5;
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }

        double cx() {
            return sumX / count;
        }

        double cy() {
            return sumY / count;
        }
    }

    private static int[] rgb(int p) {
        return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }

    private static double dist(int[] a, int[] b) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
            s += (a[k] - b[k]) * (double) (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }
}
