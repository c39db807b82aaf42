package io.difflens.models.pipeline.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.bundle.LatentSpace;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.vae.AutoencoderKL;
import io.difflens.models.vae.LatentDistribution;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Images to the UNet's clean input x0, and seeded Gaussian noise; Java-side randomness throughout. */
public final class Latents {
  private Latents() {}

  /** (B, 3, S, S) in [-1, 1], in the bundle's compute type. */
  public static NDArray images(ModelBundle bundle, List<ImageTensor> images, NDManager m) {
    int size = bundle.config().imageSize();
    float[] flat = new float[images.size() * 3 * size * size];
    for (int i = 0; i < images.size(); i++) {
      ImageTensor img = images.get(i);
      if (img.size() != size) {
        throw new IllegalArgumentException(
            "image " + i + " is " + img.size() + " px; bundle " + bundle.config().id() + " takes " + size);
      }
      System.arraycopy(img.chw(), 0, flat, i * 3 * size * size, 3 * size * size);
    }
    return m.create(flat, new Shape(images.size(), 3, size, size))
        .toType(bundle.target().dataType(), false);
  }

  /**
   * x0 for the UNet: {@code vae latent × scaling_factor}, or the pixels themselves. With {@code
   * sampleSeeds} non-null, row i is a draw with its own generator (so a row's latent does not depend
   * on the rest of the batch), otherwise the mode.
   */
  public static NDArray encode(ModelBundle bundle, NDArray images, long[] sampleSeeds) {
    if (bundle.config().latentSpace() == LatentSpace.PIXEL) {
      return images;
    }
    AutoencoderKL vae = bundle.vae().orElseThrow();
    LatentDistribution dist = vae.encode(images);
    NDArray latent = dist.mode();
    if (sampleSeeds != null) {
      Shape row = latent.getShape().slice(1);
      NDList eps = new NDList();
      for (long seed : sampleSeeds) {
        eps.add(gaussian(new SplittableRandom(seed).split(), row, images.getManager()));
      }
      NDArray noise = NDArrays.stack(eps).toType(latent.getDataType(), false);
      latent = latent.add(dist.std().mul(noise));
    }
    return vae.scale(latent);
  }

  /** Standard normal noise of {@code shape} from {@code random}, float32. */
  public static NDArray gaussian(RandomGenerator random, Shape shape, NDManager m) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return m.create(v, shape);
  }

  /** Row i: noise from {@code new SplittableRandom(seeds[i])}, shape (B, ...row). */
  public static NDArray noise(long[] seeds, Shape row, NDManager m) {
    NDList rows = new NDList();
    for (long seed : seeds) {
      rows.add(gaussian(new SplittableRandom(seed), row, m));
    }
    return NDArrays.stack(rows);
  }
}
