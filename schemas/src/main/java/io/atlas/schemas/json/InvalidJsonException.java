package io.atlas.schemas.json;

/**
 * JSON that cannot be read into (or a record that cannot be written as) edge JSON, naming where and why.
 *
 * <p>The path is JSONPath-like from the record root: {@code $.prediction.mid}, {@code $.features[2]},
 * {@code $.metrics.auc}; {@code $} alone is the whole document.
 */
public class InvalidJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    // Relative path, filled in from the innermost value outwards as the exception leaves each level.
    private String relativePath;

    InvalidJsonException(String problem) {
        this("", problem, null);
    }

    InvalidJsonException(String relativePath, String problem, Throwable cause) {
        super(problem, cause);
        this.relativePath = relativePath;
        this.problem = problem;
    }

    /** Where the problem is, e.g. {@code $.prediction.mid}. */
    public String path() {
        return "$" + relativePath;
    }

    /** What is wrong, e.g. {@code missing required field}. */
    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        return "Invalid JSON at " + path() + ": " + problem;
    }

    /** Prefixes the path with the segment of the enclosing value; returns this for {@code throw e.under(...)}. */
    InvalidJsonException under(String segment) {
        relativePath = segment + relativePath;
        return this;
    }
}
