package io.difflens.trainer.online.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoisingLoraTrainerTest {

    @TempDir
    static Path dir;
    private static final int STEPS = 400;
    private static ModelBundle bundle;

    @BeforeAll
    static void load() {
        bundle = MicroBundles.load(dir.resolve("micro"));
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    private static List<DenoisingLoraTrainer.Item> items() {
        List<String> captions = List.of("a red circle", "two blue squares", "a green star on the left",
                "three yellow triangles");
        List<DenoisingLoraTrainer.Item> items = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            items.add(new DenoisingLoraTrainer.Item(TestImages.random(16, 10 + i), captions.get(i)));
        }
        return items;
    }

    @Test
    void theDenoisingLossOfAFewExamplesFallsWhileTheBaseWeightsStayTheSame() {
        List<DenoisingLoraTrainer.Item> items = items();
        try (DenoisingLoraTrainer trainer = new DenoisingLoraTrainer(bundle, "t@training", LoraConfig.of(8, 16f),
                1e-2f, 1)) {
            double base = trainer.evaluate(items, false);
            double before = trainer.evaluate(items, true);
            assertThat(before).as("B starts at zero: the adapter is the base model").isEqualTo(base);
            long t0 = System.nanoTime();
            for (int step = 0; step < STEPS; step++) {
                trainer.step(items);
            }
            long nanos = System.nanoTime() - t0;
            double after = trainer.evaluate(items, true);
            System.out.printf("denoising loss of 4 examples: base %.5f, after %d steps %.5f (%.0f ms per step)%n", base, STEPS,
                    after, nanos / 1e6 / STEPS);
            // A step with a non-finite loss or gradient is skipped by design. Seen: once in 80 steps in one of several
            // fresh-clone runs on a machine without AVX-512; on one with AVX-512, up to 8 in 80 with oneDNN's AVX-512
            // kernels, and with them capped at AVX2 (OneDnnIsa, as the test JVMs run) no non-finite loss but a
            // non-finite gradient in 3 to 5 of 200 steps and 23 of 400 in one CI run. Their source there is not found
            // (with ATen's scalar kernels, 43 to 45 of 200; in a module run whose JVM had run other tests first, 76
            // of 400; 0, 0 and 4 of 200 with no garbage collection at all, so not a freed Java buffer). Every other
            // step must count, skips must stay a minority, and a skip must not leave NaNs behind (the loss checks
            // below). 400 steps: after 80 the loss had fallen by 0.3% on the AVX-512 machine and by more than 2% on
            // another; after 400, by 1.8% to 3.5% on the first over three runs.
            assertThat(trainer.steps() + trainer.skippedSteps()).isEqualTo(STEPS);
            assertThat(trainer.skippedSteps()).as("steps skipped for a non-finite loss or gradient")
                    .isLessThanOrEqualTo(STEPS / 4);
            assertThat(after).as("loss after training").isFinite();
            assertThat(after).isLessThan(before);
            assertThat(trainer.evaluate(items, false)).as("frozen base weights").isEqualTo(base);
        }
        assertThat(bundle.adapters().names()).doesNotContain("t@training");
    }

    @Test
    void theReleasedPayloadHasPeftKeyNamesAndLoadsBackIntoTheBundle() throws Exception {
        List<DenoisingLoraTrainer.Item> items = items();
        try (DenoisingLoraTrainer trainer = new DenoisingLoraTrainer(bundle, "p@training", LoraConfig.of(2, 4f),
                1e-2f, 2)) {
            trainer.step(items);
            Path file = dir.resolve("adapter.safetensors");
            Files.write(file, trainer.safetensors());
            try (TensorSource source = Safetensors.open(file)) {
                assertThat(source.tensors().keySet()).isNotEmpty().allMatch(
                        k -> k.matches(".*\\.attn2\\.(to_q|to_k|to_v|to_out\\.0)\\.lora_[AB]\\.weight"));
                assertThat(source.metadata()).containsEntry("lora_rank", "2");
            }
            bundle.addAdapter("p@1", file);
            try (DenoisingLoraTrainer other = new DenoisingLoraTrainer(bundle, "q@training", LoraConfig.of(2, 4f),
                    1e-2f, 2)) {
                other.loadWeights(file);
                assertThat(other.evaluate(items, true)).as("resumed weights score like the trained ones")
                        .isEqualTo(trainer.evaluate(items, true));
            }
            bundle.adapters().remove("p@1");
        }
    }
}
