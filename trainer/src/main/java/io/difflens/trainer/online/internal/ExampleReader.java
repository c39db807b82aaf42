package io.difflens.trainer.online.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.pipeline.PromptComposer;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.TrainingExample;
import io.difflens.schemas.Turn;

/**
 * A {@link TrainingExample} to what the UNet trains on: the preprocessed image and its text, which is the
 * caption or, for a conversation, one human question drawn with a seed derived from the example id (the
 * paper's question sampling; the same example always gives the same question).
 */
public final class ExampleReader {

    private final ImagePreprocessor preprocessor;
    private final int maxImageBytes;

    public ExampleReader(int imageSize, int maxImageBytes) {
        this.preprocessor = new ImagePreprocessor(imageSize);
        this.maxImageBytes = maxImageBytes;
    }

    /**
     * The example's image and text.
     *
     * @throws IllegalArgumentException naming what is wrong with the example
     */
    public DenoisingLoraTrainer.Item read(TrainingExample e) {
        if (!(e.getImage() instanceof InlineImage inline)) {
            throw new IllegalArgumentException("example " + e.getId() + ": image URIs are not fetched by the "
                    + "online trainer; send the image inline");
        }
        String text = text(e);
        ByteBuffer data = inline.getData().duplicate();
        if (data.remaining() > maxImageBytes) {
            throw new IllegalArgumentException("example " + e.getId() + ": image of " + data.remaining()
                    + " bytes exceeds the limit of " + maxImageBytes);
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        ImageTensor image = preprocessor.preprocess(bytes);
        return new DenoisingLoraTrainer.Item(image, text);
    }

    static String text(TrainingExample e) {
        if (e.getCaption() != null && !e.getCaption().isBlank()) {
            return e.getCaption().strip();
        }
        List<String> human = new ArrayList<>();
        if (e.getConversation() != null) {
            for (Turn t : e.getConversation()) {
                if ("human".equalsIgnoreCase(t.getFrom()) && !t.getValue().replace(PromptComposer.IMAGE_TOKEN, "")
                        .isBlank()) {
                    human.add(t.getValue());
                }
            }
        }
        if (human.isEmpty()) {
            throw new IllegalArgumentException("example " + e.getId() + " has neither a caption nor a human turn");
        }
        return PromptComposer.sampleQuestion(human, e.getId().hashCode());
    }
}
