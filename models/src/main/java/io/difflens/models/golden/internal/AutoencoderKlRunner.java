package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.vae.AutoencoderKL;
import io.difflens.models.vae.AutoencoderKLConfig;
import io.difflens.models.vae.LatentDistribution;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code AutoencoderKL} encoder: encoder output, moments and the latent distribution's parts. */
public final class AutoencoderKlRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    AutoencoderKL vae = new AutoencoderKL(AutoencoderKLConfig.parse(folder.config()));
    try (TensorSource weights = folder.weights()) {
      Checkpoints.load(vae, weights, manager, AutoencoderKL.checkpointOptions());
    }
    try (TensorSource in = folder.inputs()) {
      ActivationCapture capture = ActivationCapture.of("encoder", "moments");
      LatentDistribution dist = vae.encode(in.load("sample", manager), capture);
      Map<String, NDArray> out = new LinkedHashMap<>();
      out.put("encoder_out", capture.captured().get("encoder"));
      out.put("moments", capture.captured().get("moments"));
      out.put("mean", dist.mean());
      out.put("logvar", dist.logvar());
      out.put("std", dist.std());
      return out;
    }
  }
}
