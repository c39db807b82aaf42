package io.difflens.featureextractor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.difflens.featureextractor.ActiveAdapter;
import io.difflens.featureextractor.RequestLimits;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.testing.MicroBundles;
import io.difflens.schemas.ImageUri;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.Turn;
import io.difflens.schemas.VqaRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestPlannerTest {

    @TempDir
    static Path dir;

    static ModelBundle bundle;
    static RequestPlanner planner;

    @BeforeAll
    static void load() {
        bundle = MicroBundles.load(dir);
        planner = new RequestPlanner(bundle, new FeatureExtractor(bundle), RequestLimits.DEFAULTS);
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    static VqaRequest.Builder request() throws IOException {
        byte[] png = ImageCheckTest.encode(ImageCheckTest.gradient(24, 24), "png");
        return VqaRequest.newBuilder().setId("r1")
                .setImage(InlineImage.newBuilder().setData(ByteBuffer.wrap(png)).setMediaType("image/png").build())
                .setPrompt("what color is the circle").setTraceContext(Map.of()).setCreatedAt(Instant.EPOCH);
    }

    static RequestPlanner.Accepted accepted(VqaRequest r) {
        RequestPlanner.Plan plan = planner.plan(r, Optional.empty());
        assertThat(plan).isInstanceOf(RequestPlanner.Accepted.class);
        return (RequestPlanner.Accepted) plan;
    }

    static String rejection(VqaRequest r) {
        RequestPlanner.Plan plan = planner.plan(r, Optional.empty());
        assertThat(plan).isInstanceOf(RequestPlanner.Rejected.class);
        return ((RequestPlanner.Rejected) plan).reason();
    }

    @Test
    void noOptionsMeansTheBundleDefaults() throws IOException {
        RequestPlanner.Accepted a = accepted(request().build());
        assertThat(a.features()).isEqualTo(planner.defaults());
        assertThat(a.input().text()).isEqualTo("what color is the circle");
        assertThat(a.input().image().size()).isEqualTo(bundle.config().imageSize());
        assertThat(a.answer().maxNewTokens()).isEqualTo(bundle.config().answerer().maxNewTokens());
    }

    @Test
    void requestOptionsOverrideTheDefaults() throws IOException {
        RequestPlanner.Accepted a = accepted(request().setCaption("a red circle").setOptions(RequestOptions.newBuilder()
                .setTimestep(250).setSeed(99L).setFeatureMode(io.difflens.schemas.FeatureMode.CFG)
                .setGuidanceScale(1.5f).setMaxNewTokens(3).build()).build());
        assertThat(a.features().timestep()).isEqualTo(250);
        assertThat(a.features().seed()).isEqualTo(99L);
        assertThat(a.features().mode()).isEqualTo(new FeatureMode.Cfg(1.5));
        assertThat(a.answer().maxNewTokens()).isEqualTo(3);
        assertThat(a.answer().seed()).isEqualTo(99L);
        assertThat(a.input().text()).isEqualTo("a red circle what color is the circle");
    }

    @Test
    void theActiveAdapterIsAppliedToTheExtraction() throws IOException {
        RequestPlanner.Plan plan = planner.plan(request().build(), Optional.of(ActiveAdapter.of("style", "3")));
        assertThat(((RequestPlanner.Accepted) plan).features().adapter()).contains("style@3");
    }

    @Test
    void oneQuestionIsSampledFromTheConversationWithTheSeed() {
        List<Turn> conversation = List.of(new Turn("human", "<image>\nwhat shape is it"), new Turn("gpt", "a star"),
                new Turn("human", "is it red"));
        List<String> asked = List.of("what shape is it", "is it red", "how many are there");
        for (long seed = 0; seed < 20; seed++) {
            String q = RequestPlanner.unetQuestion("how many are there", conversation, seed);
            assertThat(asked).contains(q);
            assertThat(RequestPlanner.unetQuestion("how many are there", conversation, seed)).isEqualTo(q);
        }
        assertThat(RequestPlanner.unetQuestion("how many", null, 1)).isEqualTo("how many");
    }

    @Test
    void invalidRequestsAreRejectedWithTheReason() throws IOException {
        assertThat(rejection(request().setPrompt("  ").build())).contains("empty prompt");
        assertThat(rejection(request().setOptions(RequestOptions.newBuilder().setTimestep(5000).build()).build()))
                .contains("timestep 5000 is outside [0, 1000)");
        assertThat(rejection(request().setOptions(RequestOptions.newBuilder()
                .setFeatureMode(io.difflens.schemas.FeatureMode.CFG).setGuidanceScale(0f).build()).build()))
                .contains("guidance scale");
        assertThat(rejection(request().setOptions(RequestOptions.newBuilder().setMaxNewTokens(0).build()).build()))
                .contains("maxNewTokens 0");
        assertThat(rejection(request().setOptions(RequestOptions.newBuilder().setLayers(List.of("up_blocks.7"))
                .build()).build())).contains("invalid layers [up_blocks.7]");
        assertThat(rejection(request().setImage(ImageUri.newBuilder().setUri("s3://bucket/x.png").build()).build()))
                .contains("image URIs");
    }

    @Test
    void layersOrModesThatTheProjectorCannotTakeAreRejected() throws IOException {
        // CONCAT doubles the channels of the bundle's default layers
        assertThat(rejection(request().setOptions(RequestOptions.newBuilder()
                .setFeatureMode(io.difflens.schemas.FeatureMode.CONCAT).build()).build()))
                .contains("give 64 feature channels; the projector of bundle micro takes 32");
        // the same width from other layers is fine
        RequestPlanner.Accepted a = accepted(request().setOptions(RequestOptions.newBuilder()
                .setLayers(List.of("mid_block", "up_blocks.0")).build()).build());
        assertThat(a.features().layers()).containsExactly("mid_block", "up_blocks.0");
    }

    @Test
    void concatRequestsAreAcceptedWhenTheBundleHasAConcatAnswerer(@org.junit.jupiter.api.io.TempDir Path other)
            throws IOException {
        MicroBundles.create(other);
        MicroBundles.addAnswererVariant(other, ModelBundle.CONCAT_ANSWERER, 64, 2);
        try (ModelBundle withConcat = ModelBundle.load(other, io.difflens.models.bundle.ComputeTarget.cpu())) {
            RequestPlanner p = new RequestPlanner(withConcat, new FeatureExtractor(withConcat), RequestLimits.DEFAULTS);
            RequestOptions concat = RequestOptions.newBuilder()
                    .setFeatureMode(io.difflens.schemas.FeatureMode.CONCAT).build();
            assertThat(p.plan(request().setOptions(concat).build(), Optional.empty()))
                    .isInstanceOf(RequestPlanner.Accepted.class);
            // other layers in CONCAT mode must still fit the CONCAT answerer's 64 channels
            RequestOptions wider = RequestOptions.newBuilder().setFeatureMode(io.difflens.schemas.FeatureMode.CONCAT)
                    .setLayers(List.of("up_blocks.0")).build();
            assertThat(p.plan(request().setOptions(wider).build(), Optional.empty())).isInstanceOfSatisfying(
                    RequestPlanner.Rejected.class,
                    r -> assertThat(r.reason()).contains("give 32 feature channels; the CONCAT answerer of bundle micro takes 64"));
        }
    }
}
