package io.difflens.featureextractor;

/**
 * What the service accepts; anything beyond gets a {@code REJECTED} answer.
 *
 * @param maxImageBytes  largest encoded image
 * @param maxImageSide   largest width or height in pixels (checked from the header, before decoding)
 * @param maxNewTokens   largest {@code maxNewTokens} option
 */
public record RequestLimits(int maxImageBytes, int maxImageSide, int maxNewTokens) {

    /** 8 MiB, 4096 pixels, 1024 tokens. */
    public static final RequestLimits DEFAULTS = new RequestLimits(8 * 1024 * 1024, 4096, 1024);

    /** Every limit must be positive. */
    public RequestLimits {
        if (maxImageBytes <= 0 || maxImageSide <= 0 || maxNewTokens <= 0) {
            throw new IllegalArgumentException("request limits must be positive, got maxImageBytes=" + maxImageBytes
                    + ", maxImageSide=" + maxImageSide + ", maxNewTokens=" + maxNewTokens);
        }
    }
}
