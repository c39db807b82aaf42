package io.difflens.trainer.online.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.difflens.models.bundle.LatentSpace;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.lora.LoraAdapters;
import io.difflens.models.pipeline.TextConditioner;
import io.difflens.models.vae.AutoencoderKL;
import io.difflens.trainer.internal.AdamW;

/**
 * Trains one LoRA adapter on a bundle's UNet with the diffusion objective: a clean latent x0 (the VAE mode
 * × scaling factor, or the pixels), noise ε and a timestep t per example, {@code x_t = sqrt(ā_t) x0 +
 * sqrt(1 − ā_t) ε}, and the mean squared error between the UNet's prediction conditioned on the example's
 * text and its target (ε, v or x0 as the scheduler's {@code prediction_type} says). Only the adapter's
 * {@code lora_A}/{@code lora_B} weights receive gradients; the base weights stay bit-identical. AdamW without
 * decay, global-norm clipping.
 *
 * <p>Not thread-safe: one trainer per thread, and only one trainer per process at a time (DJL allows one
 * gradient collector). Randomness comes from the seed given at construction.
 */
public final class DenoisingLoraTrainer implements AutoCloseable {

    /** One example: a preprocessed image and the text the UNet is conditioned on ({@code ""} = unconditional). */
    public record Item(ImageTensor image, String text) {
    }

    /** Global gradient norm above which a step is scaled down. */
    private static final float MAX_GRAD_NORM = 1f;
    /** Fixed timesteps every held-out example is evaluated at, so evaluations are comparable. */
    private static final double[] EVAL_FRACTIONS = {0.125, 0.375, 0.625, 0.875};

    private final ModelBundle bundle;
    private final String name;
    private final NDManager manager;
    private final LoraAdapter adapter;
    private final Map<String, Parameter> trainable;
    private final AdamW optimizer;
    private final float learningRate;
    private final TextConditioner text;
    private final SplittableRandom random;
    private final long evalSeed;
    private long steps;
    private long skipped;

    /**
     * Creates a fresh adapter (B = 0: it starts as the base model) and registers it in the bundle under
     * {@code name}.
     */
    public DenoisingLoraTrainer(ModelBundle bundle, String name, LoraConfig lora, float learningRate, long seed) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.bundle = bundle;
        this.name = name;
        this.manager = bundle.newCallManager();
        this.adapter = LoraAdapter.create(lora, bundle.unet(), manager, seed);
        bundle.adapters().add(name, adapter);
        this.trainable = adapter.trainableParameters();
        trainable.values().forEach(p -> p.freeze(false));
        this.optimizer = new AdamW(trainable, manager, 0f, MAX_GRAD_NORM);
        this.learningRate = learningRate;
        this.text = new TextConditioner(bundle);
        this.random = new SplittableRandom(seed);
        this.evalSeed = seed ^ 0x5DEECE66DL;
    }

    /** Continues from the weights of an adapter file (e.g. the last release), same rank and targets. */
    public void loadWeights(Path file) {
        LoraAdapter saved = LoraAdapter.load(file, bundle.unet(), manager, "");
        Map<String, Parameter> from = saved.trainableParameters();
        if (!from.keySet().equals(trainable.keySet())) {
            throw new IllegalArgumentException("adapter file " + file.getFileName() + " has other layers ("
                    + from.size() + " tensors) than the trained adapter (" + trainable.size() + ")");
        }
        trainable.forEach((key, p) -> p.getArray().set(from.get(key).getArray().toFloatArray()));
        from.values().forEach(p -> p.getArray().close());
    }

    /** The name the adapter is registered under in the bundle. */
    public String name() {
        return name;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Steps skipped because their loss was not finite. */
    public long skippedSteps() {
        return skipped;
    }

    /** The adapter's configuration. */
    public LoraConfig config() {
        return adapter.config();
    }

    /** One optimizer step on {@code items} at random timesteps and noise; returns the batch's loss. */
    public float step(List<Item> items) {
        requireItems(items);
        int size = bundle.schedule().size();
        long[] timesteps = new long[items.size()];
        for (int i = 0; i < timesteps.length; i++) {
            timesteps[i] = random.nextInt(size);
        }
        long noiseSeed = random.nextLong();
        float loss;
        try (NDManager m = bundle.newCallManager()) {
            Inputs in = inputs(items, timesteps, noiseSeed, m);
            if (adapter.config().dropout() > 0) {
                // LoRA dropout draws from the engine's generator; seed it from ours so a run reproduces
                Engine.getInstance().setRandomSeed(random.nextInt(Integer.MAX_VALUE));
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                 LoraAdapters.Activation ignored = bundle.adapters().activateForTraining(name)) {
                NDArray l = lossOf(in);
                loss = l.getFloat();
                gc.backward(l);
            }
        }
        // a non-finite loss or gradient skips the step (an update would write NaNs into every adapter weight for
        // good); a large gradient is clipped, so one outlier batch cannot throw the adapter far off
        if (!Float.isFinite(loss)) {
            optimizer.discard();
            skipped++;
            return loss;
        }
        try (NDManager scratch = bundle.newCallManager()) {
            if (!Double.isFinite(optimizer.step(learningRate, scratch))) {
                skipped++;
                return loss;
            }
        }
        steps++;
        return loss;
    }

    /**
     * The mean loss over {@code items} at fixed timesteps and fixed noise per example position (the same in
     * every call), with the adapter ({@code adapted}) or with the base weights.
     */
    public double evaluate(List<Item> items, boolean adapted) {
        requireItems(items);
        int size = bundle.schedule().size();
        double sum = 0;
        for (int k = 0; k < EVAL_FRACTIONS.length; k++) {
            long[] timesteps = new long[items.size()];
            Arrays.fill(timesteps, Math.min(size - 1, (long) (EVAL_FRACTIONS[k] * size)));
            try (NDManager m = bundle.newCallManager();
                 LoraAdapters.Activation ignored = adapted ? bundle.adapters().activate(name) : null) {
                sum += lossOf(inputs(items, timesteps, evalSeed + k, m)).getFloat();
            }
        }
        return sum / EVAL_FRACTIONS.length;
    }

    /** The adapter as a safetensors file with peft's key names (no prefix) and its config in the metadata. */
    public byte[] safetensors() {
        try {
            Path file = Files.createTempFile("difflens-lora-", ".safetensors");
            try {
                adapter.save(file, "");
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise adapter " + name, e);
        }
    }

    private record Inputs(NDArray noisy, NDArray timesteps, NDArray target, TextConditioner.Conditioning cond) {
    }

    /** Everything before the UNet, computed without gradients. */
    private Inputs inputs(List<Item> items, long[] timesteps, long noiseSeed, NDManager m) {
        int s = bundle.config().imageSize();
        DataType type = bundle.target().dataType();
        float[] flat = new float[items.size() * 3 * s * s];
        for (int i = 0; i < items.size(); i++) {
            ImageTensor img = items.get(i).image();
            if (img.size() != s) {
                throw new IllegalArgumentException("image " + i + " is " + img.size() + " px; bundle "
                        + bundle.config().id() + " takes " + s);
            }
            System.arraycopy(img.chw(), 0, flat, i * 3 * s * s, 3 * s * s);
        }
        NDArray pixels = m.create(flat, new Shape(items.size(), 3, s, s)).toType(type, false); // (B, 3, S, S)
        NDArray x0;
        if (bundle.config().latentSpace() == LatentSpace.PIXEL) {
            x0 = pixels;
        } else {
            AutoencoderKL vae = bundle.vae().orElseThrow();
            x0 = vae.scale(vae.encode(pixels).mode()); // (B, C, h, w)
        }
        SplittableRandom noiseRandom = new SplittableRandom(noiseSeed);
        float[] eps = new float[Math.toIntExact(x0.size())];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) noiseRandom.nextGaussian();
        }
        NDArray noise = m.create(eps, x0.getShape()).toType(x0.getDataType(), false);
        NoiseSchedule schedule = bundle.schedule();
        NDArray noisy = schedule.addNoise(x0, noise, timesteps);
        NDArray target = switch (bundle.schedulerConfig().predictionType()) {
            case EPSILON -> noise;
            case SAMPLE -> x0;
            case V_PREDICTION -> velocity(schedule, x0, noise, timesteps, m);
        };
        float[] t = new float[timesteps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = timesteps[i];
        }
        TextConditioner.Conditioning cond = text.encode(items.stream().map(Item::text).toList(), m);
        return new Inputs(noisy, m.create(t).toType(type, false), target, cond);
    }

    /** v = sqrt(ā) ε − sqrt(1 − ā) x0, per sample. */
    private static NDArray velocity(NoiseSchedule schedule, NDArray x0, NDArray noise, long[] timesteps,
                                    NDManager m) {
        float[] a = new float[timesteps.length];
        float[] b = new float[timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            double ac = schedule.alphaCumprod(Math.toIntExact(timesteps[i]));
            a[i] = (float) Math.sqrt(ac);
            b[i] = (float) Math.sqrt(1 - ac);
        }
        Shape perSample = new Shape(timesteps.length, 1, 1, 1);
        return noise.mul(m.create(a, perSample).toType(noise.getDataType(), false))
                .sub(x0.mul(m.create(b, perSample).toType(x0.getDataType(), false)));
    }

    private NDArray lossOf(Inputs in) {
        NDArray pred = bundle.unet().forward(in.noisy(), in.timesteps(), in.cond().context(), in.cond().added());
        return pred.toType(DataType.FLOAT32, false).sub(in.target().toType(DataType.FLOAT32, false)).square().mean();
    }

    private static void requireItems(List<Item> items) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("a training or evaluation batch needs at least one example");
        }
    }

    /** Unregisters the adapter from the bundle and frees its weights. */
    @Override
    public void close() {
        bundle.adapters().remove(name);
        manager.close();
    }
}
