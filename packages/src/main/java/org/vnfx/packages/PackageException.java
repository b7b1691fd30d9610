package org.vnfx.packages;

/**
 * A package, or one of its source files, is not what SOL004 or vnfx expects. The message always starts with
 * the file ({@code file: problem}, or {@code file:line: problem} / {@code file:line:column: problem} when the
 * place inside the file is known) and says what is wrong.
 */
public class PackageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    /** @param file the file (or folder) at fault, as the user knows it */
    public PackageException(String file, String problem) {
        this(file, 0, 0, problem);
    }

    /** @param line 1-based line in {@code file}, 0 if unknown */
    public PackageException(String file, int line, String problem) {
        this(file, line, 0, problem);
    }

    /** @param column 1-based column, 0 if unknown */
    public PackageException(String file, int line, int column, String problem) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** What is wrong, without the file and line. */
    public String problem() {
        return problem;
    }

    /** 1-based line of the problem in {@link #file()}, 0 if it concerns the whole file. */
    public int line() {
        return line;
    }
}
