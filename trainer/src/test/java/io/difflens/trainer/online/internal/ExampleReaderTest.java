package io.difflens.trainer.online.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.testing.TestImages;
import io.difflens.schemas.ImageUri;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.TrainingExample;
import io.difflens.schemas.TrainingStage;
import io.difflens.schemas.Turn;
import org.junit.jupiter.api.Test;

class ExampleReaderTest {

    private static TrainingExample.Builder example(String id) {
        byte[] png = ImagePreprocessor.png(ImagePreprocessor.toImage(TestImages.random(16, 1)));
        return TrainingExample.newBuilder().setId(id).setStage(TrainingStage.PRETRAIN).setCreatedAt(Instant.EPOCH)
                .setImage(InlineImage.newBuilder().setData(ByteBuffer.wrap(png)).setMediaType("image/png").build());
    }

    private static Turn turn(String from, String value) {
        return Turn.newBuilder().setFrom(from).setValue(value).build();
    }

    @Test
    void aCaptionIsTheText() {
        DenoisingLoraTrainer.Item item = new ExampleReader(16, 1 << 20).read(example("c").setCaption(" a red star ")
                .build());
        assertThat(item.text()).isEqualTo("a red star");
        assertThat(item.image().size()).isEqualTo(16);
    }

    @Test
    void aConversationGivesOneOfItsHumanQuestionsTheSameEveryTime() {
        TrainingExample e = example("conv-1").setStage(TrainingStage.FINETUNE).setConversation(List.of(
                turn("human", "<image>\nwhat color is the star?"), turn("gpt", "red"),
                turn("human", "how many squares are there?"), turn("gpt", "two"))).build();
        String text = ExampleReader.text(e);
        assertThat(text).isIn("what color is the star?", "how many squares are there?");
        assertThat(ExampleReader.text(e)).isEqualTo(text);
    }

    @Test
    void badExamplesAreRefusedWithTheReason() {
        ExampleReader reader = new ExampleReader(16, 1 << 20);
        assertThatThrownBy(() -> reader.read(example("none").build()))
                .hasMessage("example none has neither a caption nor a human turn");
        assertThatThrownBy(() -> reader.read(example("uri").setCaption("x")
                .setImage(ImageUri.newBuilder().setUri("s3://b/k.png").build()).build()))
                .hasMessageContaining("image URIs are not fetched");
        assertThatThrownBy(() -> new ExampleReader(16, 10).read(example("big").setCaption("x").build()))
                .hasMessageContaining("exceeds the limit of 10");
        assertThatThrownBy(() -> reader.read(example("junk").setCaption("x").setImage(InlineImage.newBuilder()
                .setData(ByteBuffer.wrap(new byte[] {1, 2})).setMediaType("image/png").build()).build()))
                .hasMessageContaining("not a PNG or JPEG image");
    }
}
