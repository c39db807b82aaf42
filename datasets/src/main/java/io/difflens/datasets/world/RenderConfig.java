package io.difflens.datasets.world;

import java.util.Objects;

/**
 * How scenes are rasterised.
 *
 * <p>Antialiasing: Java2D's own antialiasing is off, because its coverage values depend on the rasteriser in
 * use (Marlin, Pisces, ductus differ across JDKs), which would break "same seed, same bytes on any JVM". Edges
 * are smoothed instead by drawing aliased at {@code supersample} times the resolution and averaging each
 * {@code supersample x supersample} block in integer arithmetic. Smooth edges keep sub-pixel shape information
 * that a 32x32 image would otherwise lose (a small star is about 6 pixels across); {@code supersample = 1}
 * gives hard edges with exact palette colours.
 *
 * <p>PNG bytes: see {@link Png}; {@link Png.Compression#STORED} (the default) gives the same bytes on every JVM.
 *
 * @param size width and height in pixels (square images; at least 12, so that every cell has 4 pixels)
 * @param supersample the supersampling factor, 1..8
 * @param compression how {@link SceneRenderer#png} compresses
 */
public record RenderConfig(int size, int supersample, Png.Compression compression) {

    /** 32x32, 4x4 supersampling: the default the tiny models use. */
    public static final RenderConfig DEFAULT = new RenderConfig(32, 4);

    /** 64x64, 4x4 supersampling: more pixels for small objects and arrow heads. */
    public static final RenderConfig LARGE = new RenderConfig(64, 4);

    /** Stored (JVM-independent) PNG bytes. */
    public RenderConfig(int size, int supersample) {
        this(size, supersample, Png.Compression.STORED);
    }

    public RenderConfig {
        if (size < 12 || size > 4096) {
            throw new IllegalArgumentException("image size must be in 12..4096 pixels, got " + size);
        }
        if (supersample < 1 || supersample > 8) {
            throw new IllegalArgumentException("supersample must be in 1..8, got " + supersample);
        }
        Objects.requireNonNull(compression, "compression");
    }

    public RenderConfig withCompression(Png.Compression c) {
        return new RenderConfig(size, supersample, c);
    }

    /** A square image of this many pixels, 4x4 supersampled. */
    public static RenderConfig ofSize(int size) {
        return new RenderConfig(size, 4);
    }

    /** Width of one grid cell in pixels (fractional when the size is not a multiple of 3). */
    public double cellSize() {
        return size / (double) Cell.GRID;
    }

    /** Pixel coordinates (x, y) of the centre of a cell; pixel i covers [i, i+1). */
    public double[] centre(Cell cell) {
        return new double[] {(cell.column() + 0.5) * cellSize(), (cell.row() + 0.5) * cellSize()};
    }

    /** Outer radius in pixels of an object of this size. */
    public double radius(Size s) {
        return s.radiusInCells() * cellSize();
    }
}
