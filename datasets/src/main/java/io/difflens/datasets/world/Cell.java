package io.difflens.datasets.world;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A position on the 3x3 grid: row 0 is the top, column 0 the left. Ordered row-major, which is the canonical
 * order of objects in a {@link Scene}.
 *
 * @param row 0..2, top to bottom
 * @param column 0..2, left to right
 */
public record Cell(int row, int column) implements Comparable<Cell> {

    /** Rows and columns of the grid. */
    public static final int GRID = 3;

    /** All nine cells in row-major order. */
    public static final List<Cell> ALL =
            IntStream.range(0, GRID * GRID).mapToObj(i -> new Cell(i / GRID, i % GRID)).toList();

    private static final String[] ROW_WORDS = {"top", "middle", "bottom"};
    private static final String[] COLUMN_WORDS = {"left", "center", "right"};

    public Cell {
        if (row < 0 || row >= GRID || column < 0 || column >= GRID) {
            throw new IllegalArgumentException("cell (" + row + ", " + column + ") is outside the " + GRID + "x"
                    + GRID + " grid");
        }
    }

    /** Row-major index 0..8. */
    public int index() {
        return row * GRID + column;
    }

    /** The cell with row-major index 0..8. */
    public static Cell of(int index) {
        if (index < 0 || index >= GRID * GRID) {
            throw new IllegalArgumentException("cell index " + index + " is outside 0.." + (GRID * GRID - 1));
        }
        return ALL.get(index);
    }

    /**
     * The canonical short answer naming this cell: {@code "top left"}, {@code "top"}, {@code "center"},
     * {@code "bottom right"}, {@code "left"}...
     */
    public String words() {
        if (row == 1 && column == 1) {
            return "center";
        }
        if (row == 1) {
            return COLUMN_WORDS[column];
        }
        if (column == 1) {
            return ROW_WORDS[row];
        }
        return ROW_WORDS[row] + " " + COLUMN_WORDS[column];
    }

    /**
     * A locative phrase: {@code "in the top left"}, {@code "at the top"}, {@code "on the left"},
     * {@code "in the center"}...
     */
    public String locative() {
        if (row == 1 && column != 1) {
            return "on the " + words();
        }
        if (column == 1 && row != 1) {
            return "at the " + words();
        }
        return "in the " + words();
    }

    /** Parses the output of {@link #words()}. */
    public static Cell fromWords(String words) {
        for (Cell c : ALL) {
            if (c.words().equals(words)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no cell is called '" + words + "'");
    }

    @Override
    public int compareTo(Cell other) {
        return Integer.compare(index(), other.index());
    }
}
