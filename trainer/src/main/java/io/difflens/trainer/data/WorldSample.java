package io.difflens.trainer.data;

import io.difflens.datasets.world.Scene;
import java.awt.image.BufferedImage;

/** One drawn scene and its rendering. */
public record WorldSample(Scene scene, BufferedImage image) {}
