package io.atlas.ingest.replay;

/** A line of a tick file that cannot be read as a tick; carries the file's line number (from 1). */
public final class MalformedTickException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long line;

    MalformedTickException(long line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
