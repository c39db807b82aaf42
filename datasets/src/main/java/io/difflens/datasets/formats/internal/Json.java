package io.difflens.datasets.formats.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSON and JSON Lines I/O; objects are built as {@link ObjectNode}s, whose fields keep insertion order. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Reads one JSON document. */
    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON " + file, e);
        }
    }

    /** Writes one JSON document (pretty when {@code pretty}), UTF-8, with a final newline. */
    public static void write(Path file, JsonNode node, boolean pretty) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String text = pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node)
                    : MAPPER.writeValueAsString(node);
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON " + file, e);
        }
    }

    /** Reads a JSON Lines file; blank lines are skipped. */
    public static List<JsonNode> readLines(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /** Writes a JSON Lines file, one compact object per line. */
    public static void writeLines(Path file, List<? extends JsonNode> nodes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (JsonNode n : nodes) {
                    w.write(MAPPER.writeValueAsString(n));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A required text field, with a message naming the file and field when it is missing. */
    public static String text(JsonNode node, String field, Object where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + ": missing field '" + field + "' in " + node);
        }
        return v.asText();
    }

    /** An optional text field: {@code null} when absent or null. */
    public static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
