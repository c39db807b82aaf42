package io.difflens.datasets.formats.internal;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV with a header row, through jackson-dataformat-csv. Header names are trimmed on reading. */
public final class Csv {

    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private Csv() {
    }

    /** The rows as maps from (trimmed) header name to cell text, in file order. */
    public static List<Map<String, String>> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            MappingIterator<List<String>> it = MAPPER.readerForListOf(String.class).readValues(r);
            List<List<String>> raw = it.readAll();
            if (raw.isEmpty()) {
                throw new IllegalArgumentException(file + " has no header row");
            }
            List<String> header = raw.get(0).stream().map(h -> h.replace("\uFEFF", "").strip()).toList();
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i < raw.size(); i++) {
                List<String> cells = raw.get(i);
                if (cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), c < cells.size() ? cells.get(c) : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV " + file, e);
        }
    }

    /** Writes a header and rows; every row must have one cell per header column. */
    public static void write(Path file, List<String> header, List<List<String>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        header.forEach(schema::addColumn);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                List<Object> lines = new ArrayList<>();
                for (List<String> row : rows) {
                    if (row.size() != header.size()) {
                        throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells for header "
                                + header);
                    }
                    lines.add(row.toArray(new String[0]));
                }
                MAPPER.writer(schema.build()).writeValues(w).writeAll(lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV " + file, e);
        }
    }

    /** A required cell, with a message naming file, row and column when it is missing. */
    public static String cell(Map<String, String> row, String column, Path file) {
        String v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no column '" + column + "' (columns: " + row.keySet() + ")");
        }
        return v.strip();
    }
}
