package io.difflens.datasets.world;

import java.util.Objects;

/**
 * A caption of a scene. Every statement in it is true of the scene.
 *
 * @param style its wording style
 * @param text the caption
 */
public record Caption(CaptionStyle style, String text) {

    public Caption {
        Objects.requireNonNull(style, "style");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a caption needs text, got '" + text + "'");
        }
    }
}
