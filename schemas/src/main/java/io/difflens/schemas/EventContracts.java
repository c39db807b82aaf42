package io.difflens.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
  * The catalogue of difflens events: one generated Avro class per event of the design's topic table.
  *
  * <p>The schemas are registered exactly as generated ({@code SCHEMA$}), including the
  * {@code avro.java.string} property that {@code stringType=String} adds. That property makes the
  * registered text differ from the bare {@code .avsc} file, so a foreign producer registering the bare file
  * gets a different (but compatible) schema id; difflens producers always register the generated form.
  */
public final class EventContracts {

    /** Every event class, in the order of the design's topic table. */
    public static final List<Class<? extends SpecificRecord>> EVENTS =
            List.of(
                    VqaRequest.class,
                    VisualFeatures.class,
                    VqaAnswer.class,
                    Label.class,
                    ItmRequest.class,
                    ItmScores.class,
                    TrainingExample.class,
                    AdapterRelease.class,
                    MetricSnapshot.class,
                    DeadLetter.class);

    private EventContracts() {}

    /** The schema of every event, as generated (the registration identity). */
    public static List<Schema> schemas() {
        return EVENTS.stream().map(EventContracts::schemaOf).toList();
    }

    /** The generated schema of {@code eventClass}. */
    public static Schema schemaOf(Class<? extends SpecificRecord> eventClass) {
        try {
            return (Schema) eventClass.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(eventClass.getName() + " is not a generated Avro class", e);
        }
    }
}
