package io.difflens.datasets.world;

import java.util.Locale;

/**
 * The palette: a few saturated colours far apart in RGB (the closest pair, blue and purple, is more than 120
 * apart) and far from the {@link #BACKGROUND}, so that a colour stays recognisable after a small object is
 * downsampled to a handful of pixels.
 */
public enum Colour {
    RED(220, 40, 40),
    GREEN(40, 180, 60),
    BLUE(40, 80, 235),
    YELLOW(240, 220, 40),
    PURPLE(160, 60, 210),
    CYAN(40, 210, 220),
    WHITE(245, 245, 245);

    /** The plain background every scene is drawn on (a dark grey, not a palette colour). */
    public static final int BACKGROUND_RGB = 0x202020;

    private final int red;
    private final int green;
    private final int blue;

    Colour(int red, int green, int blue) {
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /** The colour as packed {@code 0xRRGGBB}. */
    public int rgb() {
        return (red << 16) | (green << 8) | blue;
    }

    /** The English adjective used in captions and answers, e.g. {@code "red"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
