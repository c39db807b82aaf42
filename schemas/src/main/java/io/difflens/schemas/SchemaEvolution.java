package io.difflens.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Compatibility rules the difflens contracts evolve under. */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    /**
      * The reasons data written with {@code released} cannot be read with {@code current} (BACKWARD
      * compatibility: reader = current, writer = released), each as "type at location: message"; empty if
      * compatible.
      */
    public static List<String> backwardIncompatibilities(Schema released, Schema current) {
        List<Incompatibility> found =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                        .getResult()
                        .getIncompatibilities();
        return found.stream()
                .map(i -> i.getType() + " at " + fieldPath(current, i.getLocation()) + ": " + i.getMessage())
                .toList();
    }

    /**
      * Turns Avro's JSON-pointer location ({@code /fields/6/type/values}) into field names
      * ({@code timings.values}), so a failing build names the field a person has to fix.
      */
    static String fieldPath(Schema root, String pointer) {
        StringBuilder path = new StringBuilder();
        Schema at = root;
        String[] parts = pointer.split("/");
        for (int k = 1; k < parts.length; k++) {
            String part = parts[k];
            if (part.equals("fields") && k + 1 < parts.length && at != null && at.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(parts[++k]);
                Schema.Field field = index < at.getFields().size() ? at.getFields().get(index) : null;
                path.append(path.length() == 0 ? "" : ".").append(field == null ? "#" + index : field.name());
                at = field == null ? null : field.schema();
            } else if (!part.equals("type")) {
                path.append(path.length() == 0 ? "" : ".").append(part);
                at = at == null ? null : step(at, part);
            }
        }
        return path.length() == 0 ? "(root)" : path.toString();
    }

    private static Schema step(Schema at, String part) {
        return switch (at.getType()) {
            case ARRAY -> part.equals("items") ? at.getElementType() : null;
            case MAP -> part.equals("values") ? at.getValueType() : null;
            case UNION -> part.chars().allMatch(Character::isDigit) ? at.getTypes().get(Integer.parseInt(part)) : null;
            default -> null;
        };
    }
}
