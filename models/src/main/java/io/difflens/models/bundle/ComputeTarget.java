package io.difflens.models.bundle;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;

/**
 * Where and in which precision a bundle runs. {@link #auto()} takes the first GPU DJL finds (in
 * fp16) and otherwise the CPU in fp32, because fp16 matrix products run at about 1 GFLOP/s on CPU.
 */
public record ComputeTarget(Device device, DataType dataType) {
  public ComputeTarget {
    Objects.requireNonNull(device, "device");
    if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
      throw new IllegalArgumentException("bundles run in FLOAT32 or FLOAT16, not " + dataType);
    }
  }

  /** GPU 0 in fp16 when DJL sees a GPU, else CPU in fp32. */
  public static ComputeTarget auto() {
    return Engine.getInstance().getGpuCount() > 0
        ? new ComputeTarget(Device.gpu(), DataType.FLOAT16)
        : cpu();
  }

  /** CPU, fp32. */
  public static ComputeTarget cpu() {
    return new ComputeTarget(Device.cpu(), DataType.FLOAT32);
  }
}
