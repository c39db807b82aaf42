package io.difflens.featureextractor.itm;

/**
 * What an image-text matching request may ask for; anything beyond gets a {@code REJECTED} score record.
 * A request costs {@code images × timesteps} UNet passes over a batch of {@code texts} rows, so all three
 * are bounded.
 *
 * @param maxImages     most images (rows) per request
 * @param maxTexts      most texts (columns) per request
 * @param maxTimesteps  most timesteps per request
 * @param maxImageBytes largest encoded image
 * @param maxImageSide  largest width or height in pixels (checked from the header, before decoding)
 */
public record ItmLimits(int maxImages, int maxTexts, int maxTimesteps, int maxImageBytes, int maxImageSide) {

    /** 32 images, 32 texts, 10 timesteps, 8 MiB, 4096 pixels. */
    public static final ItmLimits DEFAULTS = new ItmLimits(32, 32, 10, 8 * 1024 * 1024, 4096);

    /** Every limit must be positive. */
    public ItmLimits {
        if (maxImages <= 0 || maxTexts <= 0 || maxTimesteps <= 0 || maxImageBytes <= 0 || maxImageSide <= 0) {
            throw new IllegalArgumentException("itm limits must be positive, got maxImages=" + maxImages
                    + ", maxTexts=" + maxTexts + ", maxTimesteps=" + maxTimesteps + ", maxImageBytes="
                    + maxImageBytes + ", maxImageSide=" + maxImageSide);
        }
    }
}
