package io.difflens.featureextractor.itm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.difflens.featureextractor.itm.ItmLimits;
import io.difflens.models.bundle.MatchScorer;
import io.difflens.models.bundle.MatcherLayers;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.pipeline.AttentionMatcher;
import io.difflens.models.pipeline.MatchOptions;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import io.difflens.schemas.ImageUri;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.ItmOptions;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.ItmScorer;
import io.difflens.schemas.ItmVariant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItmPlannerTest {

    @TempDir
    static Path dir;
    private static ModelBundle bundle;
    private static ItmPlanner planner;
    private static MatchOptions defaults;

    @BeforeAll
    static void load() {
        bundle = MicroBundles.load(dir.resolve("micro"));
        defaults = new AttentionMatcher(bundle).defaults();
        planner = new ItmPlanner(bundle, defaults, new ItmLimits(3, 3, 4, 1 << 20, 64));
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    static InlineImage png(long seed) {
        byte[] png = ImagePreprocessor.png(ImagePreprocessor.toImage(TestImages.random(16, seed)));
        return InlineImage.newBuilder().setData(ByteBuffer.wrap(png)).setMediaType("image/png").build();
    }

    static ItmRequest request(List<Object> images, List<String> texts, ItmOptions options) {
        return ItmRequest.newBuilder().setId("r1").setImages(images).setTexts(texts).setOptions(options)
                .setTraceContext(Map.of()).setCreatedAt(Instant.EPOCH).build();
    }

    private static ItmPlanner.Accepted accepted(ItmOptions options) {
        ItmPlanner.Plan plan = planner.plan(request(List.of(png(1)), List.of("a red circle"), options),
                Optional.empty());
        assertThat(plan).isInstanceOf(ItmPlanner.Accepted.class);
        return (ItmPlanner.Accepted) plan;
    }

    private static String rejection(ItmRequest r) {
        ItmPlanner.Plan plan = planner.plan(r, Optional.empty());
        assertThat(plan).isInstanceOf(ItmPlanner.Rejected.class);
        return ((ItmPlanner.Rejected) plan).reason();
    }

    @Test
    void noOptionsMeansTheBundleDefaultsAndTheEchoFillsThemIn() {
        ItmPlanner.Accepted a = accepted(null);
        assertThat(a.options()).isEqualTo(defaults);
        assertThat(a.images()).hasSize(1);
        assertThat(a.echo().getTimesteps()).isEqualTo(defaults.timesteps());
        assertThat(a.echo().getLayers()).containsExactly("ALL");
        assertThat(a.echo().getVariant()).isEqualTo(ItmVariant.CROSS_ATTENTION);
        assertThat(a.echo().getScorer()).isEqualTo(ItmScorer.ATTENTION);
        assertThat(a.echo().getDenoisingTerm()).isFalse();
        assertThat(a.echo().getSeed()).isEqualTo(defaults.seed());
    }

    @Test
    void variantsSetLayersAndTermAndExplicitFieldsOverrideThem() {
        MatchOptions discffusion = accepted(ItmOptions.newBuilder().setVariant(ItmVariant.DISCFFUSION_DENOISING)
                .setTimesteps(List.of(100, 500)).setSeed(9L).build()).options();
        assertThat(discffusion.layers()).isEqualTo(MatcherLayers.LAST_PER_STAGE);
        assertThat(discffusion.denoisingTerm()).isTrue();
        assertThat(discffusion.timesteps()).containsExactly(100, 500);
        assertThat(discffusion.seed()).isEqualTo(9L);

        ItmPlanner.Accepted itm = accepted(ItmOptions.newBuilder().setVariant(ItmVariant.DISCFFUSION)
                .setLayers(List.of("all")).setScorer(ItmScorer.DIFFUSION_ITM).setDenoisingTerm(true).build());
        assertThat(itm.options().layers()).isEqualTo(MatcherLayers.ALL);
        assertThat(itm.options().scorer()).isEqualTo(MatchScorer.DIFFUSION_ITM);
        assertThat(itm.options().denoisingTerm()).isTrue();
        assertThat(itm.echo().getVariant()).as("no named variant for Diffusion-ITM").isNull();
        assertThat(itm.echo().getScorer()).isEqualTo(ItmScorer.DIFFUSION_ITM);
    }

    @Test
    void theActiveAdapterIsAppliedToTheMatch() {
        ItmPlanner.Plan plan = planner.plan(request(List.of(png(1)), List.of("a"), null), Optional.of("sft@3"));
        assertThat(((ItmPlanner.Accepted) plan).options().adapter()).contains("sft@3");
    }

    @Test
    void invalidRequestsAreRejectedWithTheirReason() {
        assertThat(rejection(request(List.of(), List.of("a"), null))).contains("0 images and 1 texts");
        assertThat(rejection(request(List.of(png(1)), List.of("a", " "), null))).contains("text 1 is blank");
        assertThat(rejection(request(List.of(png(1), png(2), png(3), png(4)), List.of("a"), null)))
                .contains("4 images x 1 texts exceeds the limit of 3 images x 3 texts");
        assertThat(rejection(request(List.of(png(1)), List.of("a"),
                ItmOptions.newBuilder().setTimesteps(List.of(10, 1000)).build())))
                .contains("timestep 1000 is outside [0, 1000)");
        assertThat(rejection(request(List.of(png(1)), List.of("a"),
                ItmOptions.newBuilder().setTimesteps(List.of(1, 2, 3, 4, 5)).build())))
                .contains("5 timesteps exceed the limit of 4");
        assertThat(rejection(request(List.of(png(1)), List.of("a"),
                ItmOptions.newBuilder().setTimesteps(List.of(7, 7)).build()))).contains("timestep 7 is repeated");
        assertThat(rejection(request(List.of(png(1)), List.of("a"),
                ItmOptions.newBuilder().setLayers(List.of("up_blocks.0")).build())))
                .contains("layers must be [\"ALL\"] or [\"LAST_PER_STAGE\"], got [up_blocks.0]");
        assertThat(rejection(request(List.of(png(1), ImageUri.newBuilder().setUri("s3://b/x.png").build()),
                List.of("a"), null))).startsWith("image 1: image URIs are not fetched");
        InlineImage garbage = InlineImage.newBuilder().setData(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setMediaType("image/png").build();
        assertThat(rejection(request(List.of(garbage), List.of("a"), null))).startsWith("image 0: undecodable image");
    }
}
