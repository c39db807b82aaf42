package io.difflens.evaluator.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON-lines file (one object per non-blank line) and checks fields with located messages. */
final class JsonLines {
    /** One parsed line and where it came from. */
    record Line(JsonNode node, String where) {
        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isValueNode() || v.isNull()) {
                throw new IllegalArgumentException(where + ": missing or non-scalar \"" + field + "\"");
            }
            return v.asText();
        }

        double number(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isNumber()) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" must be a number, got " + v);
            }
            return v.asDouble();
        }

        int integer(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" must be an integer, got " + v);
            }
            return v.asInt();
        }

        List<String> strings(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" must be an array, got " + v);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                // VQA annotations list answers as {"answer": "..."} objects; plain strings are accepted too.
                JsonNode s = e.isObject() ? e.get("answer") : e;
                if (s == null || !s.isTextual()) {
                    throw new IllegalArgumentException(where + ": \"" + field + "\" has a non-string entry " + e);
                }
                out.add(s.asText());
            }
            return out;
        }

        boolean has(String field) {
            return node.hasNonNull(field);
        }
    }

    private JsonLines() {
    }

    static List<Line> read(Path file, ObjectMapper json) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            try {
                JsonNode node = json.readTree(lines.get(i));
                if (!node.isObject()) {
                    throw new IllegalArgumentException(where + ": expected a JSON object");
                }
                out.add(new Line(node, where));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no records");
        }
        return out;
    }
}
